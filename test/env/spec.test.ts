/**
 * Spec files: what is accepted, and that every complaint names FILE:LINE:COLUMN. One package
 * asked for twice with different versions (tester s11 try8 SP1): the error names where each entry
 * was written (FILE:LINE:COL in a spec file, the argument on the command line), so the user can
 * find both, and nothing is created.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpecText } from '../../src/env/spec.js';
import type { SsdpError } from '../../src/util/errors.js';
import { pkg, setup } from './helpers.js';

async function fails(text: string, re: RegExp): Promise<void> {
  await assert.rejects(parseSpecText(text, 'env.yaml'), (e: SsdpError) => {
    assert.equal(e.code, 'E_BAD_SPEC');
    assert.match(e.message, re);
    return true;
  });
}

test('a full spec parses; dependencies kept as written, variables verbatim', async () => {
  const r = await parseSpecText(
    'name: radar\nchannels: [npm, "https://r.example/"]\ndependencies:\n  - node=22\n  - utif2@^4\n  - "@s/b>=1,<2"\nvariables: {RADAR_DATA: ./data, N: 3}\nallow-scripts: [esbuild]\nbefore: 2024-06-01\n',
    'env.yaml',
  );
  assert.equal(r.kind, 'spec');
  if (r.kind !== 'spec') return;
  assert.equal(r.spec.name, 'radar');
  assert.deepEqual(r.spec.channels, ['npm', 'https://r.example/']);
  assert.deepEqual(r.spec.dependencies, ['node=22', 'utif2@^4', '@s/b>=1,<2']);
  assert.deepEqual(r.spec.variables, { RADAR_DATA: './data', N: '3' });
  assert.deepEqual(r.spec.allowScripts, ['esbuild']);
  assert.equal(r.spec.before?.toISOString(), '2024-06-01T00:00:00.000Z');
});

test('malformed and unknown entries name file:line:column', async () => {
  await fails('name: x\ndependencies:\n  - a\n  - b: [\n', /^env\.yaml:\d+:\d+: this is not valid YAML/);
  await fails('name: x\ndependencies: [a]\nchanels: [npm]\n', /^env\.yaml:3:1: unknown key 'chanels'/);
  await fails('name: x\ndependencies:\n  - a\n  - pip:\n    - numpy\n', /^env\.yaml:4:5: each dependency must be one string/);
  await fails('name: x\ndependencies:\n  - a\n  - "b=1=py"\n', /^env\.yaml:4:5: bad dependency 'b=1=py'/);
  await fails('name: "bad/name"\ndependencies: [a]\n', /^env\.yaml:1:7: 'bad\/name' is not a valid env name/);
  await fails('dependencies: [a]\nchannels: [conda-forge]\n', /^env\.yaml:2:12: unknown channel 'conda-forge'/);
  await fails('dependencies: [a]\nvariables: {1X: y}\n', /^env\.yaml:2:13: '1X' is not a valid environment variable name/);
  await fails('dependencies: [a]\nbefore: soon\n', /^env\.yaml:2:9: 'soon' is not a date/);
  await fails('name: x\n', /no dependencies/);
  await fails('- a\n- b\n', /^env\.yaml:1:1: the spec file must be a mapping/);
});

test('variables: may not set PATH, NODE_PATH or SSDP_PREFIX (the env would lose its own commands)', async () => {
  await fails('dependencies: [a]\nvariables:\n  DATA: ./d\n  PATH: /opt/bin\n', /^env\.yaml:4:3: variables: may not set PATH/);
  await fails('dependencies: [a]\nvariables: {NODE_PATH: /x}\n', /^env\.yaml:2:13: variables: may not set NODE_PATH/);
  await fails('dependencies: [a]\nvariables:\n  SSDP_PREFIX: /x\n', /^env\.yaml:3:3: variables: may not set SSDP_PREFIX/);
  const ok = await parseSpecText('dependencies: [a]\nvariables: {MY_PATH: /x, PATHS: y}\n', 'env.yaml');
  assert.equal(ok.kind, 'spec');
});

test('a lockfile is recognised by its content', async () => {
  const lock = {
    lockfileVersion: 1,
    registry: 'https://registry.npmjs.org/',
    requested: ['a'],
    packages: [{ name: 'a', version: '1.0.0', path: 'a', resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz', integrity: `sha512-${Buffer.alloc(64).toString('base64')}` }],
  };
  const r = await parseSpecText(JSON.stringify(lock, null, 2), 'x.json');
  assert.equal(r.kind, 'lock');
});

test('SP1: a package listed twice with different versions names both entries, in a spec file and on the command line', async () => {
  const ctx = await setup([pkg('left-pad', '1.1.0'), pkg('left-pad', '1.3.0')]);
  try {
    const file = ctx.spec('twice.yaml', 'name: twice\ndependencies:\n  - left-pad\n  - left-pad@1.1.0\n');
    const r = await ctx.cli(['env', 'create', '-f', file]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_BAD_SPEC/);
    assert.ok(r.stderr.includes(`${file}:3:5 (left-pad)`), r.stderr);
    assert.ok(r.stderr.includes(`${file}:4:5 (left-pad@1.1.0)`), r.stderr);
    assert.match(r.stderr, /nothing was changed\.\n/);
    assert.match(r.stderr, /hint: Keep one entry for left-pad\./);
    assert.equal(existsSync(join(ctx.root, 'envs', 'twice')), false);

    const a = await ctx.cli(['create', '-n', 'args', 'left-pad@1.3.0', 'left-pad@1.1.0']);
    assert.equal(a.status, 1, a.stderr);
    assert.ok(a.stderr.includes(`the argument 'left-pad@1.3.0' and the argument 'left-pad@1.1.0'`), a.stderr);
    assert.equal(existsSync(join(ctx.root, 'envs', 'args')), false);
  } finally {
    await ctx.close();
  }
});

/**
 * Smoke tests on the live npm registry (skipped when it is unreachable): real ESM packages from
 * an env, used by scripts outside it. lodash-es imported by a .mjs script, an eslint flat config
 * importing typescript-eslint, a .ts file run by tsx, the same import under a pinned node=24,
 * and the yardstick: a small ESM library's uvu test suite gives from an env exactly what it gives
 * after `npm install`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, tempDir } from '../helpers/cli.js';
import { liveRegistryReachable, spawnCli } from './helpers.js';

const REGISTRY = 'https://registry.npmjs.org/';

const reachable = () => liveRegistryReachable(REGISTRY, 'lodash-es');

/**
 * One ssdp root (store, metadata and download cache) for the file's tests, as one user's machine:
 * a package two tests ask for (lodash-es, in four) is fetched once. Each test's env has a name of its own.
 */
const ROOT = join(tempDir('ssdp-live-root-'), 'root');

function liveSetup(prefixName: string) {
  const dir = tempDir(prefixName);
  const env: NodeJS.ProcessEnv = { ...process.env, SSDP_ROOT: ROOT, npm_config_registry: REGISTRY, CI: '1', NO_COLOR: '1' };
  delete env.SSDP_PREFIX;
  delete env.NODE_OPTIONS;
  delete env.NODE_PATH;
  const project = join(dir, 'project');
  mkdirSync(project);
  const run = (args: string[], cwd = project) => spawnCli(args, env, { cwd }).done;
  const create = async (name: string, deps: string[]) => {
    const spec = join(dir, `${name}.yaml`);
    writeFileSync(spec, `name: ${name}\ndependencies:\n${deps.map((d) => `  - ${d}\n`).join('')}`);
    const r = await run(['env', 'create', '-f', spec], dir);
    assert.equal(r.status, 0, r.stderr);
  };
  return { dir, env, project, run, create };
}

test('live: lodash-es, an eslint flat config importing typescript-eslint, and tsx, from an env', async (t) => {
  if (!(await reachable())) return t.skip('https://registry.npmjs.org is unreachable');
  const { project, run, create } = liveSetup('ssdp-live-esm-');
  await create('web', ['lodash-es=4', 'eslint=9', 'typescript-eslint=8', 'typescript=5', 'tsx=4']);
  writeFileSync(join(project, 'main.mjs'), "import _ from 'lodash-es';\nimport { chunk } from 'lodash-es';\nconsole.log(JSON.stringify(chunk([1, 2, 3, 4, 5], 2)), _.kebabCase('Rain Rate'));\n");
  let r = await run(['run', '-n', 'web', '--', 'node', 'main.mjs']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '[[1,2],[3,4],[5]] rain-rate\n');

  writeFileSync(join(project, 'eslint.config.mjs'), "import tseslint from 'typescript-eslint';\nexport default tseslint.config(...tseslint.configs.recommended);\n");
  writeFileSync(join(project, 'bad.ts'), 'const unused: any = 1;\nexport const x: number = 2;\n');
  r = await run(['run', '-n', 'web', '--', 'eslint', 'bad.ts']);
  assert.equal(r.status, 1, `eslint finds the two problems: ${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /1:7 +error .*@typescript-eslint\/no-unused-vars/);
  assert.match(r.stdout, /1:15 +error .*@typescript-eslint\/no-explicit-any/);
  assert.doesNotMatch(r.stderr, /Cannot find package/);

  writeFileSync(join(project, 'hello.ts'), "import { chunk } from 'lodash-es';\nconst n: number = chunk([1, 2, 3], 2).length;\nconsole.log(`chunks: ${n}`);\n");
  r = await run(['run', '-n', 'web', '--', 'tsx', 'hello.ts']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'chunks: 2\n');

  // A require hook for an extension Node does not know keeps working (ESM1: the import hook is a
  // --require preload, so the main script still goes through the CommonJS loader).
  writeFileSync(join(project, 'b.cts'), "const n: number = require('lodash-es/package.json').name.length;\nconsole.log('cts', n);\n");
  r = await run(['run', '-n', 'web', '--', 'node', '-r', 'tsx/cjs', 'b.cts']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'cts 9\n');
});

test('live VT1: vitest resolves only through node_modules folders (not NODE_PATH nor Node\'s hooks); the README\'s workaround, a node_modules link to the env\'s packages, runs the suite', async (t) => {
  if (!(await reachable())) return t.skip('https://registry.npmjs.org is unreachable');
  const { project, run, create } = liveSetup('ssdp-live-vitest-');
  await create('vt', ['vitest=3', 'lodash-es=4']);
  writeFileSync(join(project, 'package.json'), '{"name":"vproj","version":"1.0.0","type":"module"}');
  mkdirSync(join(project, 'src'));
  mkdirSync(join(project, 'test'));
  writeFileSync(join(project, 'src', 'index.js'), 'import { chunk } from "lodash-es";\nexport const pairs = (a) => chunk(a, 2);\n');
  writeFileSync(join(project, 'test', 'a.test.js'), 'import { test, expect } from "vitest";\nimport { pairs } from "../src/index.js";\ntest("pairs", () => { expect(pairs([1, 2, 3])).toEqual([[1, 2], [3]]); });\n');
  symlinkSync(join(ROOT, 'envs', 'vt', 'lib', 'node_modules'), join(project, 'node_modules'));
  const r = await run(['run', '-n', 'vt', '--', 'vitest', 'run']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Tests\s+1 passed \(1\)/);
});

test('live: an env pinning node=24 imports its packages, with nothing on stderr', async (t) => {
  if (!(await reachable())) return t.skip('https://registry.npmjs.org is unreachable');
  const { project, env, run, create } = liveSetup('ssdp-live-node24-');
  await create('n24', ['node=24', 'lodash-es=4']);
  writeFileSync(join(project, 'main.mjs'), "import { chunk } from 'lodash-es';\nconsole.log(process.version.split('.')[0], JSON.stringify(chunk([1, 2, 3], 2)));\n");
  const r = await run(['run', '-n', 'n24', '--', 'node', 'main.mjs']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'v24 [[1,2],[3]]\n');
  assert.equal(r.stderr, '', 'no warning from the hook');

  // The CLI itself must run on Node 22+: ssdp run by this node 24 changes an env without a word on stderr.
  const node24 = join(env.SSDP_ROOT!, 'envs', 'n24', 'bin', 'node');
  const c = spawnSync(node24, [CLI_ENTRY, 'install', '-n', 'n24', '-q', 'is-odd=3'], { env, cwd: project, encoding: 'utf8' });
  assert.equal(c.status, 0, c.stderr);
  assert.equal(c.stderr, '', 'ssdp under node 24 prints nothing on stderr');
});

test('live: an env pinning node=22 keeps a user\'s own async loader hooks working (tester s14 try13c NH1)', async (t) => {
  if (!(await reachable())) return t.skip('https://registry.npmjs.org is unreachable');
  const { project, run, create } = liveSetup('ssdp-live-node22-');
  await create('n22', ['node=22', 'lodash-es=4']);
  // An async resolve hook of the user's (the shape of import-in-the-middle, esmock, ts-node/esm)
  // that maps a made-up name to an env package: its next() must reach the env's hook.
  writeFileSync(join(project, 'myloader.mjs'), 'export async function resolve(s, c, next) { return next(s === "alias-lodash" ? "lodash-es" : s, c); }\n');
  writeFileSync(join(project, 'reg.mjs'), 'import { register } from "node:module";\nregister("./myloader.mjs", import.meta.url);\n');
  writeFileSync(join(project, 'plain.mjs'), 'console.log("plain");\n');
  writeFileSync(join(project, 'app.mjs'), 'import { chunk } from "alias-lodash";\nimport { chunk as c2 } from "lodash-es";\nconsole.log("app", chunk([1], 1).length, c2([1], 1).length);\n');
  for (const [args, out] of [
    [['node', '--import', './reg.mjs', 'plain.mjs'], 'plain\n'],
    [['node', '--import', './reg.mjs', 'app.mjs'], 'app 1 1\n'],
    [['node', '--no-warnings', '--loader', './myloader.mjs', 'app.mjs'], 'app 1 1\n'],
  ] as const) {
    const r = await run(['run', '-n', 'n22', '--', ...args]);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, out, args.join(' '));
  }
});

/** A small ESM library in lukeed's layout (src/index.js, one uvu test file per suite). */
const LIBRARY: Record<string, string> = {
  'package.json': JSON.stringify({
    name: 'tinyset',
    version: '1.0.0',
    type: 'module',
    main: 'src/index.js',
    scripts: { test: 'uvu test' },
    devDependencies: { uvu: '^0.5.6', esm: '^3.2.25', dequal: '^2.0.3' },
  }),
  'src/index.js': `export function dset(obj, keys, val) {
  keys.split && (keys = keys.split('.'));
  let i = 0, l = keys.length, t = obj, x, k;
  while (i < l) {
    k = keys[i++];
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') break;
    t = t[k] = i === l ? val : typeof (x = t[k]) === typeof keys ? x : keys[i] * 0 !== 0 || !!~('' + keys[i]).indexOf('.') ? {} : [];
  }
}
`,
  'test/index.js': `import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dset } from '../src/index.js';
test('exports', () => { assert.type(dset, 'function'); });
test('sets a path', () => { const o = {}; dset(o, 'a.b', 1); assert.equal(o, { a: { b: 1 } }); });
test('makes arrays', () => { const o = {}; dset(o, 'a.0', 1); assert.ok(Array.isArray(o.a)); });
test('keeps siblings', () => { const o = { a: { c: 2 } }; dset(o, 'a.b', 1); assert.equal(o, { a: { b: 1, c: 2 } }); });
test.run();
`,
  'test/proto.js': `import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dequal } from 'dequal';
import { dset } from '../src/index.js';
const proto = suite('proto');
proto('no __proto__', () => { const o = {}; dset(o, '__proto__.x', 1); assert.is({}.x, undefined); });
proto('arrays', () => { const o = {}; dset(o, 'a', [1]); assert.ok(dequal(o, { a: [1] })); });
proto.run();
`,
};

/** uvu's summary lines, without colours and the duration. */
const summary = (out: string) =>
  out
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((l) => /^\s*(Total|Passed|Skipped):/.test(l))
    .map((l) => l.trim().replace(/\s+/g, ' '));

test('live yardstick: an ESM library\'s uvu suite gives the same from an env as after npm install', async (t) => {
  if (!(await reachable())) return t.skip('https://registry.npmjs.org is unreachable');
  if (spawnSync('npm', ['--version'], { encoding: 'utf8' }).status !== 0) return t.skip('npm is not installed');
  const { dir, env, run, create } = liveSetup('ssdp-live-uvu-');
  const lib = join(dir, 'tinyset');
  for (const [f, text] of Object.entries(LIBRARY)) {
    mkdirSync(join(lib, f, '..'), { recursive: true });
    writeFileSync(join(lib, f), text);
  }
  const installed = join(dir, 'tinyset-npm');
  cpSync(lib, installed, { recursive: true });
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--registry', REGISTRY], { cwd: installed, env, encoding: 'utf8' });
  assert.equal(npm.status, 0, npm.stderr);

  await create('tinyset-dev', ['uvu=0.5', 'esm=3', 'dequal=2']);
  // Both ways uvu runs a suite: native ESM (import) and the esm loader (require).
  for (const args of [['test'], ['-r', 'esm', 'test']]) {
    const peer = spawnSync(join(installed, 'node_modules', '.bin', 'uvu'), args, { cwd: installed, env, encoding: 'utf8' });
    assert.equal(peer.status, 0, peer.stdout + peer.stderr);
    const expected = summary(peer.stdout);
    assert.deepEqual(expected, ['Total: 6', 'Passed: 6', 'Skipped: 0'], peer.stdout);
    const r = await run(['run', '-n', 'tinyset-dev', '--', 'uvu', ...args], lib);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(summary(r.stdout), expected, `uvu ${args.join(' ')} from the env`);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, tempDir } from '../helpers/cli.js';
import { loadWorkflow } from '../../src/workflow/spec.js';
import { planInstances } from '../../src/workflow/expand.js';
import { resolveParams } from '../../src/workflow/params.js';

const WORKFLOW = `
params:
  url: { default: "https://default.example", env: MY_URL }
  days: "3"
tasks:
  show:
    cmd: "echo \${url} \${days} > shown.txt"
`;

function shown(env: NodeJS.ProcessEnv, args: string[] = []): string {
  const dir = tempDir('ssdp-penv-');
  writeFileSync(join(dir, 'ssdp.yaml'), WORKFLOW);
  const r = runCli(['run', 'show', ...args], { cwd: dir, env: { ...process.env, MY_URL: '', SSDP_PARAM_URL: '', SSDP_PARAM_DAYS: '', ...env } });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(join(dir, 'shown.txt'), 'utf8').trim();
}

test('a param comes from --param, else its env variable or SSDP_PARAM_<NAME>, else the file', () => {
  assert.equal(shown({}), 'https://default.example 3');
  assert.equal(shown({ MY_URL: 'http://127.0.0.1:9/mirror' }), 'http://127.0.0.1:9/mirror 3');
  assert.equal(shown({ SSDP_PARAM_URL: 'http://generic', SSDP_PARAM_DAYS: '7' }), 'http://generic 7');
  assert.equal(shown({ MY_URL: 'http://declared', SSDP_PARAM_URL: 'http://generic' }), 'http://declared 3', "the param's own variable first");
  assert.equal(shown({ MY_URL: 'http://env' }, ['--param', 'url=http://cli']), 'http://cli 3', '--param wins');
});

test('ssdp tasks names the variables each param reads', () => {
  const dir = tempDir('ssdp-penv-');
  writeFileSync(join(dir, 'ssdp.yaml'), WORKFLOW);
  const r = runCli(['tasks'], { cwd: dir });
  assert.match(r.stdout, /url=https:\/\/default\.example +\(or \$MY_URL, \$SSDP_PARAM_URL\)/);
});

test("this repository's ssdp.yaml: SSDP_SMHI_URL sets smhi-url for the fetch steps, --param still wins", () => {
  const spec = loadWorkflow(fileURLToPath(new URL('../../../ssdp.yaml', import.meta.url)));
  const urlOf = (env: NodeJS.ProcessEnv, cli: Record<string, string> = {}) => {
    const inst = planInstances(spec, ['fetch'], { params: resolveParams(spec, { days: '1', ...cli }, env).values })[0]!;
    return (inst.args as { url: string }).url;
  };
  assert.equal(urlOf({}), 'https://opendata-download-radar.smhi.se');
  assert.equal(urlOf({ SSDP_SMHI_URL: 'http://127.0.0.1:8123' }), 'http://127.0.0.1:8123');
  assert.equal(urlOf({ SSDP_SMHI_URL: 'http://127.0.0.1:8123' }, { 'smhi-url': 'http://cli' }), 'http://cli');
});

test('try8h S3, S4: --param given twice with two values is exit 2 naming both; a bad --param or $SSDP_PARAM_ value is blamed on itself, not on ssdp.yaml', () => {
  const dir = tempDir('ssdp-penv-');
  writeFileSync(join(dir, 'ssdp.yaml'), 'params:\n  n: "3"\ntasks:\n  all:\n    foreach: { i: "range(1, ${n})" }\n    cmd: "echo ${i} >> out.txt"\n');
  const env = { ...process.env, SSDP_PARAM_N: '' };
  let r = runCli(['run', 'all', '--param', 'n=2', '--param', 'n=3'], { cwd: dir, env });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /E_BAD_PARAM\]: --param n is given twice \('2', then '3'\): give it once\./);
  r = runCli(['run', 'all', '--param', 'n=abc'], { cwd: dir, env });
  assert.equal(r.status, 2, r.stderr);
  assert.ok(r.stderr.includes(`[E_BAD_PARAM]: --param n=abc: task 'all' cannot use this value: in its foreach (${join(dir, 'ssdp.yaml')}:4:3), range(1, abc) needs two whole numbers written in digits.`), r.stderr);
  r = runCli(['run', 'all'], { cwd: dir, env: { ...env, SSDP_PARAM_N: 'x1' } });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_BAD_PARAM\]: \$SSDP_PARAM_N=x1 \(parameter n\): task 'all' cannot use this value/);
  // The same value twice is one value; and a bad range written in the file is still the file's.
  r = runCli(['run', 'all', '--param', 'n=3', '--param', 'n=3', '--dry-run'], { cwd: dir, env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^2 to run/m, r.stdout);
  writeFileSync(join(dir, 'ssdp.yaml'), 'params:\n  n: "z"\ntasks:\n  all:\n    foreach: { i: "range(1, ${n})" }\n    cmd: "echo ${i}"\n');
  r = runCli(['run', 'all'], { cwd: dir, env });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_BAD_SPEC\]: .*ssdp\.yaml:4:3: range\(1, z\)/);
});

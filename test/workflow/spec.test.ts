import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkflow } from '../../src/workflow/spec.js';
import { planInstances, expandValues } from '../../src/workflow/expand.js';
import { SsdpError } from '../../src/util/errors.js';

const FILE = '/proj/ssdp.yaml';

function errorOf(fn: () => unknown): SsdpError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SsdpError, `expected SsdpError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an error');
}

test('a malformed entry is named by file, line and column', () => {
  const text = 'params:\n  days: "3"\ntasks:\n  a:\n    cmd: echo a\n    dependz: [b]\n';
  const e = errorOf(() => parseWorkflow(text, FILE));
  assert.equal(e.code, 'E_BAD_SPEC');
  assert.match(e.message, /^\/proj\/ssdp\.yaml:6:5: .*unknown key 'dependz'/);
});

test('bad YAML syntax reports its position', () => {
  const e = errorOf(() => parseWorkflow('tasks:\n  a: [unclosed\n', FILE));
  assert.match(e.message, /ssdp\.yaml:\d+:\d+: this is not valid YAML/);
});

test('unknown dependencies and cycles are refused', () => {
  assert.match(errorOf(() => parseWorkflow('tasks:\n  a: { cmd: x, depends_on: [nope] }\n', FILE)).message, /depends on 'nope'/);
  const cyc = errorOf(() => parseWorkflow('tasks:\n  a: { cmd: x, depends_on: [b] }\n  b: { cmd: y, depends_on: [a] }\n', FILE));
  assert.match(cyc.message, /cycle: (a -> b -> a|b -> a -> b)/);
});

test('foreach expands per value; same-variable dependencies pair up, others reduce', () => {
  const spec = parseWorkflow(
    [
      'params: { start: "2020-02-28", days: "3", out: o }',
      'tasks:',
      '  get: { foreach: { day: "dates(${start}, ${days})" }, cmd: "fetch ${day}", outputs: ["${out}/${day}.zip"] }',
      '  proc: { foreach: { day: "dates(${start}, ${days})" }, depends_on: [get], cmd: "proc ${day}" }',
      '  all: { depends_on: [proc], cmd: "sum" }',
    ].join('\n'),
    FILE,
  );
  const plan = planInstances(spec, ['all']);
  const ids = plan.map((i) => i.id);
  assert.deepEqual(ids, ['get[2020-02-28]', 'get[2020-02-29]', 'get[2020-03-01]', 'proc[2020-02-28]', 'proc[2020-02-29]', 'proc[2020-03-01]', 'all']);
  const proc29 = plan.find((i) => i.id === 'proc[2020-02-29]')!;
  assert.deepEqual(proc29.deps, ['get[2020-02-29]']);
  assert.equal(proc29.cmd, 'proc 2020-02-29');
  assert.deepEqual(plan.find((i) => i.id === 'all')!.deps, ['proc[2020-02-28]', 'proc[2020-02-29]', 'proc[2020-03-01]']);
  assert.equal(plan[0]!.outputs[0], '/proj/o/2020-02-28.zip');
});

test('params can be overridden; unknown params and names are errors', () => {
  const spec = parseWorkflow('params: { n: "2" }\ntasks:\n  t: { foreach: { i: "range(0, ${n})" }, cmd: "echo ${i}" }\n', FILE);
  assert.equal(planInstances(spec, ['t']).length, 2);
  assert.equal(planInstances(spec, ['t'], { params: { n: '5' } }).length, 5);
  assert.equal(errorOf(() => planInstances(spec, ['t'], { params: { m: '1' } })).code, 'E_BAD_PARAM');
  assert.equal(errorOf(() => planInstances(spec, ['nope'])).code, 'E_NO_TASK');
  const bad = parseWorkflow('tasks:\n  t: { cmd: "echo ${what}" }\n', FILE);
  assert.match(errorOf(() => planInstances(bad, ['t'])).message, /ssdp\.yaml:2:3: '\$\{what\}' names no parameter/);
});

test('fingerprints change with what an instance does, not with unrelated params', () => {
  const text = (cmd: string) => `params: { a: "1", b: "2" }\ntasks:\n  t: { cmd: "${cmd}" }\n`;
  const fp = (cmd: string, params?: Record<string, string>) => planInstances(parseWorkflow(text(cmd), FILE), ['t'], { params })[0]!.fingerprint;
  assert.equal(fp('echo ${a}'), fp('echo ${a}', { b: '3' }));
  assert.notEqual(fp('echo ${a}'), fp('echo ${a}', { a: '3' }));
  assert.notEqual(fp('echo ${a}'), fp('echo ${b}'));
});

test('value lists: dates across a month end, ranges and plain lists', () => {
  assert.deepEqual(expandValues('dates(2020-11-29, 3)', {}, FILE), ['2020-11-29', '2020-11-30', '2020-12-01']);
  assert.deepEqual(expandValues('a, b,c', {}, FILE), ['a', 'b', 'c']);
  assert.equal(errorOf(() => expandValues('dates(2020-13-45, 2)', {}, FILE)).code, 'E_BAD_SPEC');
});

test('try8k K16: an ssdp.yaml or env spec that is not UTF-8 is E_BAD_SPEC naming FILE:LINE:COLUMN and the byte, not read with U+FFFD', async () => {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tempDir } = await import('../helpers/cli.js');
  const { loadWorkflow } = await import('../../src/workflow/spec.js');
  const { readSpecFile } = await import('../../src/env/spec.js');
  const dir = tempDir('ssdp-latin1-spec-');
  const wf = join(dir, 'ssdp.yaml');
  writeFileSync(wf, Buffer.from('tasks:\n  c:\n    cmd: "cat caf\xe9.csv > out.txt"\n    inputs: ["caf\xe9.csv"]\n', 'latin1'));
  assert.throws(() => loadWorkflow(wf), (e: SsdpError) => e.code === 'E_BAD_SPEC' && /ssdp\.yaml:3:18: the file is not UTF-8 \(byte 0xe9/.test(e.message));
  const env = join(dir, 'sp1.yaml');
  writeFileSync(env, Buffer.from('name: sp1\ndependencies:\n  - is-odd@3\nvariables: {DATA: "/data/caf\xe9"}\n', 'latin1'));
  await assert.rejects(readSpecFile(env), (e: SsdpError) => e.code === 'E_BAD_SPEC' && /sp1\.yaml:4:29: the file is not UTF-8 \(byte 0xe9/.test(e.message));
  // A bad first byte is 1:1 (was the line of the file's last newline, and a negative column).
  writeFileSync(wf, Buffer.from('\xe9tasks:\n  c:\n    cmd: "echo"\n', 'latin1'));
  assert.throws(() => loadWorkflow(wf), (e: SsdpError) => e.code === 'E_BAD_SPEC' && /ssdp\.yaml:1:1: the file is not UTF-8 \(byte 0xe9/.test(e.message));
  // A UTF-8 BOM stays readable.
  writeFileSync(wf, '\uFEFFtasks:\n  c:\n    cmd: "echo café"\n');
  assert.equal(loadWorkflow(wf).tasks.size, 1);
});

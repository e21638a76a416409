/**
 * Params, foreach values and env variables are text for the shell: an unquoted number-like value is
 * taken as written in the file, never rewritten through a JS number (tester s23 try8x F4: `1.10`
 * ran as 1.1, `007` as 7, `0x10` as 16, a 20-digit seed rounded); a foreach listing one value twice
 * is E_BAD_SPEC naming both places, not two steps with one output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWorkflow } from '../../src/workflow/spec.js';
import { parseSpecText } from '../../src/env/spec.js';
import { runCli, tempDir } from '../helpers/cli.js';

test('F4: unquoted number-like params, defaults and foreach values are kept as written; the command sees them so', () => {
  const spec = parseWorkflow('params: {v: 1.10, d: 007, z: 0x10, e: 1e3, big: 12345678901234567890, neg: -0, inf: .inf, n: 30, s: { default: 0020 }}\ntasks:\n  a:\n    foreach: {i: [1.10, 1.2, 007]}\n    cmd: "echo ${i}"\n', 'ssdp.yaml');
  assert.deepEqual(spec.params, { v: '1.10', d: '007', z: '0x10', e: '1e3', big: '12345678901234567890', neg: '-0', inf: '.inf', n: '30', s: '0020' });
  assert.deepEqual(spec.tasks.get('a')!.foreach!.values, ['1.10', '1.2', '007']);
  const dir = tempDir('ssdp-number-text-');
  writeFileSync(join(dir, 'ssdp.yaml'), 'params: {v: 1.10, d: 007, big: 12345678901234567890}\ntasks:\n  a:\n    cmd: "echo [${v}] [${d}] [${big}]"\n');
  const r = runCli(['run', 'a'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout + r.stderr, /\[1\.10\] \[007\] \[12345678901234567890\]/);
});

test('F4: a foreach value written twice (or two spellings of one number, 1.10 and 1.1 as they were read) is E_BAD_SPEC naming both', () => {
  assert.throws(() => parseWorkflow('tasks:\n  a:\n    foreach: {i: ["2020-11-01", "2020-11-02", "2020-11-01"]}\n    cmd: "echo ${i} > o${i}.txt"\n    outputs: ["o${i}.txt"]\n', 'ssdp.yaml'), (e: { code?: string; message: string }) => {
    assert.equal(e.code, 'E_BAD_SPEC');
    assert.match(e.message, /ssdp\.yaml:3:47: 'foreach\.i' lists '2020-11-01' twice \(also at ssdp\.yaml:3:19\)/);
    return true;
  });
  // as written they differ: two steps, each its own output
  const spec = parseWorkflow('tasks:\n  a:\n    foreach: {i: [1.10, 1.1]}\n    cmd: "echo ${i} > o${i}.txt"\n    outputs: ["o${i}.txt"]\n', 'ssdp.yaml');
  assert.deepEqual(spec.tasks.get('a')!.foreach!.values, ['1.10', '1.1']);
});

test('F4: env spec variables written as numbers are kept as written', async () => {
  const input = await parseSpecText('name: vn\ndependencies: [is-odd@3]\nvariables: {V: 1.10, D: 007, B: 12345678901234567890}\n', 'vn.yaml');
  assert.equal(input.kind, 'spec');
  assert.deepEqual(input.kind === 'spec' ? input.spec.variables : undefined, { V: '1.10', D: '007', B: '12345678901234567890' });
});

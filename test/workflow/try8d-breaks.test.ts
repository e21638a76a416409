/**
 * Workflow breaks of the tester's s12 round (try8d): a foreach a few zeros too large (FE1), dates
 * that do not exist (FE2), spec errors without a hint (C5), an output listed twice (C7).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';

function run(yaml: string, args: string[]): { status: number | null; error: { code: string; message: string; hint: string | null } } {
  const dir = tempDir('ssdp-8d-');
  writeFileSync(join(dir, 'ssdp.yaml'), yaml);
  const r = runCli([...args, '--json'], { cwd: dir });
  return { status: r.status, error: (JSON.parse(r.stdout) as { error: { code: string; message: string; hint: string | null } }).error };
}

test('FE1: a foreach of a billion steps is E_BAD_SPEC naming the foreach and the count, at once (it ran out of heap after minutes)', () => {
  for (const [expr, count] of [['range(0, 1000000000)', '1,000,000,000'], ['dates(2020-01-01, 100001)', '100,001']] as const) {
    const r = run(`tasks:\n  a:\n    foreach: { i: "${expr}" }\n    cmd: "true"\n`, ['run', 'a']);
    assert.equal(r.status, 1);
    assert.equal(r.error.code, 'E_BAD_SPEC');
    assert.match(r.error.message, new RegExp(`ssdp\\.yaml:2:3: foreach ${expr.replace(/[()]/g, '\\$&')} makes ${count} steps; ssdp runs at most 100,000`));
    assert.match(r.error.hint ?? '', /zeros too many/);
  }
});

test('FE2: dates() refuses a day that does not exist, and counts or bounds not written in digits', () => {
  for (const [expr, why] of [
    ['dates(2021-02-29, 2)', /'2021-02-29' is not a date of the form YYYY-MM-DD that exists/],
    ['dates(2020-02-30, 1)', /'2020-02-30' is not a date/],
    ['dates(2020-11-01, 1e1)', /'1e1' is not a positive whole number of days written in digits/],
    ['range(0x2, 4)', /range\(0x2, 4\) needs two whole numbers written in digits/],
  ] as const) {
    const r = run(`tasks:\n  a:\n    foreach: { i: "${expr}" }\n    cmd: "echo \${i}"\n`, ['run', 'a', '--dry-run']);
    assert.equal(r.status, 1, expr);
    assert.equal(r.error.code, 'E_BAD_SPEC');
    assert.match(r.error.message, why);
  }
  const leap = tempDir('ssdp-8d-');
  writeFileSync(join(leap, 'ssdp.yaml'), 'tasks:\n  a:\n    foreach: { i: "dates(2020-02-28, 3)" }\n    cmd: "echo ${i}"\n');
  const ok = runCli(['run', 'a', '--dry-run', '--json'], { cwd: leap });
  assert.deepEqual(JSON.parse(ok.stdout).run, ['a[2020-02-28]', 'a[2020-02-29]', 'a[2020-03-01]']);
});

test('C5/C7: spec errors of a task carry a hint; an output listed twice is E_BAD_SPEC at the second', () => {
  for (const [yaml, hint] of [
    ['tasks:\n  a:\n    cmd: "true"\n    function: ./m.js#f\n', /make two tasks/],
    ['tasks:\n  a:\n    description: x\n', /Give it cmd:/],
    ['tasks:\n  a:\n    foreach: { i: "1,2", j: "3,4" }\n    cmd: "true"\n', /combinations as the values of one/],
  ] as const) {
    const r = run(yaml, ['run', 'a']);
    assert.equal(r.error.code, 'E_BAD_SPEC');
    assert.match(r.error.hint ?? '', hint);
  }
  const twice = run('tasks:\n  a:\n    cmd: "echo > o.txt"\n    outputs: [o.txt, o.txt]\n', ['run', 'a']);
  assert.equal(twice.error.code, 'E_BAD_SPEC');
  assert.match(twice.error.message, /ssdp\.yaml:4:22: output 'o\.txt' of task 'a' is listed twice/);
  const noName = run('env: e.yaml\ntasks:\n  a: { cmd: "true" }\n', ['run', 'a']);
  assert.equal(noName.error.code, 'E_WORKFLOW_ENV');
  assert.match(noName.error.hint ?? '', /Write the env spec there/);
});

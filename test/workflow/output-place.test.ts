// Re-test breaks W1, W2, W2b (issue 8): an output that is the project, a folder holding it, .ssdp,
// something outside the project, the workflow file or an input is refused when ssdp.yaml is read,
// so a failed step never moves such a path aside. Real files, the real CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { moveAside } from '../../src/workflow/aside.js';
import { runCli, tempDir } from '../helpers/cli.js';

/** A project folder `proj` inside a fresh parent (which also holds the user's other folders). */
function project(outputs: string, extra = ''): { parent: string; dir: string } {
  const parent = tempDir('ssdp-outplace-');
  const dir = join(parent, 'proj');
  mkdirSync(dir);
  writeFileSync(join(dir, 'in.txt'), 'in\n');
  writeFileSync(join(dir, 'ssdp.yaml'), `${extra}tasks:\n  a:\n    cmd: "exit 3"\n    inputs: ["in.txt"]\n    outputs: [${outputs}]\n`);
  return { parent, dir };
}

for (const out of ['..', '.', '.ssdp', '.ssdp/x.txt']) {
  test(`W1: output '${out}' is E_BAD_SPEC at its FILE:LINE:COL, before anything runs`, () => {
    const { parent, dir } = project(`"${out}"`);
    const r = runCli(['run', 'a', '--json'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    const err = JSON.parse(r.stdout || r.stderr).error ?? JSON.parse(r.stdout || r.stderr);
    assert.equal(err.code, 'E_BAD_SPEC', r.stdout + r.stderr);
    assert.match(err.message, new RegExp(`ssdp\\.yaml:5:15: output '${out.replace('.', '\\.')}' of task 'a' `));
    assert.doesNotMatch(r.stdout + r.stderr, /EINVAL|at renameSync|retries/);
    assert.deepEqual(readdirSync(parent), ['proj']);
    assert.ok(!existsSync(join(dir, '.ssdp', 'replaced')) && !existsSync(join(dir, '.ssdp', 'failed')));
  });
}

test('W1: an absolute folder that holds the project is refused too', () => {
  const { parent, dir } = project(`"${tempDir('x').replace(/[^/]+$/, '')}"`);
  const r = runCli(['run', 'a'], { cwd: dir });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /E_BAD_SPEC.*ssdp\.yaml:5:15: .*is a folder that holds the project/s);
  assert.ok(existsSync(join(parent, 'proj', 'ssdp.yaml')));
});

test("W2: a user's folder outside the project is refused as an output and stays where it is", () => {
  for (const [out, what] of [['OUTSIDE', '/outside-data'], ['REL', '../sibling.txt']] as const) {
    const { parent, dir } = project('"PLACEHOLDER"');
    mkdirSync(join(parent, 'outside-data'));
    writeFileSync(join(parent, 'outside-data', 'thesis.txt'), 'thesis\n');
    writeFileSync(join(parent, 'sibling.txt'), 'sibling\n');
    const target = out === 'OUTSIDE' ? join(parent, 'outside-data') : what;
    writeFileSync(join(dir, 'ssdp.yaml'), readFileSync(join(dir, 'ssdp.yaml'), 'utf8').replace('PLACEHOLDER', target));
    const r = runCli(['run', 'a'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /E_BAD_SPEC.*ssdp\.yaml:5:15: .*is outside the project/s);
    assert.equal(readFileSync(join(parent, 'outside-data', 'thesis.txt'), 'utf8'), 'thesis\n');
    assert.equal(readFileSync(join(parent, 'sibling.txt'), 'utf8'), 'sibling\n');
    assert.ok(!existsSync(join(dir, '.ssdp', 'replaced')) && !existsSync(join(dir, '.ssdp', 'failed')));
  }
});

test('W2: an output outside the project reached through a ${param} is the user\'s choice of data place: found data there is moved aside inside its own folder, never deleted', () => {
  const { parent, dir } = project('"${where}/outside-data"', `params:\n  where: ".."\n`);
  mkdirSync(join(parent, 'outside-data'));
  writeFileSync(join(parent, 'outside-data', 'thesis.txt'), 'thesis\n');
  const r = runCli(['run', 'a'], { cwd: dir });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /E_TASK_COMMAND/);
  const [aside] = readdirSync(join(parent, '.ssdp-replaced'));
  assert.equal(readFileSync(join(parent, '.ssdp-replaced', aside!, 'outside-data', 'thesis.txt'), 'utf8'), 'thesis\n');
  assert.match(r.stderr, new RegExp(`moved to ${parent}/\\.ssdp-replaced/a-`));
  // ${where} itself is the folder holding the project: still refused, at the output.
  const held = project('"${where}"', `params:\n  where: ".."\n`);
  const h = runCli(['run', 'a'], { cwd: held.dir });
  assert.equal(h.status, 1);
  assert.match(h.stderr, /E_BAD_SPEC.*ssdp\.yaml:7:15: .*is a folder that holds the project/s);
  assert.deepEqual(readdirSync(held.parent), ['proj']);
});

test('W2b: the workflow file or one of the step\'s inputs as an output is refused; ssdp.yaml stays', () => {
  for (const out of ['ssdp.yaml', './in.txt']) {
    const { dir } = project(`"${out}"`);
    const r = runCli(['run', 'a'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`E_BAD_SPEC.*ssdp\\.yaml:5:15: .*${out === 'ssdp.yaml' ? 'is the workflow file' : "is also one of task 'a''s inputs"}`, 's'));
    assert.ok(existsSync(join(dir, 'ssdp.yaml')) && existsSync(join(dir, 'in.txt')));
    assert.ok(!existsSync(join(dir, '.ssdp', 'failed')));
  }
});

test('moveAside never moves the project, a folder holding it or .ssdp; a file outside goes aside inside its own folder', () => {
  const { parent, dir } = project('"out.txt"');
  writeFileSync(join(parent, 'outside.txt'), 'mine\n');
  mkdirSync(join(dir, '.ssdp'));
  writeFileSync(join(dir, '.ssdp', 'keep'), 'k\n');
  writeFileSync(join(dir, 'out.txt'), 'half\n');
  const { moved } = moveAside(dir, 'a', 'failed', [dir, parent, join(parent, 'outside.txt'), join(dir, '.ssdp'), join(dir, 'out.txt')]);
  assert.deepEqual(moved, [join(parent, '.ssdp-failed', 'a', 'outside.txt'), join(dir, '.ssdp', 'failed', 'a', 'out.txt')]);
  assert.equal(readFileSync(join(parent, '.ssdp-failed', 'a', 'outside.txt'), 'utf8'), 'mine\n');
  assert.equal(readFileSync(join(dir, '.ssdp', 'keep'), 'utf8'), 'k\n');
  assert.ok(existsSync(join(dir, 'ssdp.yaml')));
});

test('an output inside the project still goes aside when its step fails', () => {
  const { dir } = project('"out.txt"');
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  a:\n    cmd: "echo half > out.txt; exit 3"\n    inputs: ["in.txt"]\n    outputs: ["out.txt"]\n');
  const r = runCli(['run', 'a'], { cwd: dir });
  assert.equal(r.status, 1);
  assert.equal(readFileSync(join(dir, '.ssdp', 'failed', 'a', 'out.txt'), 'utf8'), 'half\n');
});

/** A fresh folder whose path is `bytes` long (ASCII), made of 200-byte names. */
function deepFolder(bytes: number): string {
  let deep = tempDir('ssdp-deep-');
  while (deep.length < bytes - 210) deep = join(deep, 'd'.repeat(200));
  deep = join(deep, 'e'.repeat(bytes - deep.length - 1));
  mkdirSync(deep, { recursive: true });
  return deep;
}

test('K8 (s18 try8k): a long step id failing again and a project deep on disk: the output goes aside every time, never an ENAMETOOLONG stack', () => {
  const { dir } = project('"out.txt"');
  const id = `mk_${'v'.repeat(250)}_`; // a foreach value that is a long file name
  for (const round of ['one', 'two', 'three']) {
    writeFileSync(join(dir, 'out.txt'), `${round}\n`);
    const { moved } = moveAside(dir, id, 'failed', [join(dir, 'out.txt')]);
    assert.equal(existsSync(join(dir, 'out.txt')), false, 'nothing half-written stays in place');
    assert.equal(readFileSync(moved[0], 'utf8'), `${round}\n`);
  }
  assert.equal(readdirSync(join(dir, '.ssdp', 'failed')).length, 3, 'the latest failure and the two before it, rotated');
  // A project at a 3838-byte path with a 250-byte output name: .ssdp/failed/mk/NAME would pass PATH_MAX.
  const deep = deepFolder(3838);
  const out = join(deep, 'o'.repeat(250));
  writeFileSync(out, 'partial\n');
  const { moved } = moveAside(deep, 'mk', 'failed', [out]);
  assert.equal(existsSync(out), false);
  assert.equal(readFileSync(moved[0], 'utf8'), 'partial\n');
  assert.ok(moved[0].startsWith(join(deep, '.ssdp', 'failed', 'mk') + '/'));
  // Deeper still, no place fits: a coded error naming the file, which stays where it is.
  const deeper = deepFolder(4085);
  writeFileSync(join(deeper, 'o'), 'partial\n');
  assert.throws(() => moveAside(deeper, 'mk', 'failed', [join(deeper, 'o')]), (e: Error & { code?: string }) => e.code === 'E_PATH_TOO_LONG' && /could not move .*\/o, the output of a failed/.test(e.message));
  assert.equal(readFileSync(join(deeper, 'o'), 'utf8'), 'partial\n');
});

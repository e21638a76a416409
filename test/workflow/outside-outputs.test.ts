/**
 * Outputs written with `${...}` that land outside the project (issue 8, O1 for outputs), and
 * readable names for set-aside folders (issue 8, item 5). Before, `--param data=/big/disk` (or
 * `../x`) was refused outright, and set-aside folders were named by epoch milliseconds
 * (`a-1764572950123`). Now such an output is the user's choice of data place: a failed step's
 * half-written file goes to DIR/.ssdp-failed/STEP/, a file ssdp did not write goes to
 * DIR/.ssdp-replaced/STEP-TIME/ (never deleted, never into the project), found data with no
 * inputs is used, not replaced; and folders are named STEP-2026-12-01T06-59-11Z, a second one in
 * the same second STEP-...Z-2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { moveAside, timeName } from '../../src/workflow/aside.js';
import { runCli, tempDir } from '../helpers/cli.js';

const READABLE = /^a-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ(-\d+)?$/;

function project(yaml: string): { parent: string; dir: string } {
  const parent = tempDir('ssdp-outside-');
  const dir = join(parent, 'proj');
  mkdirSync(dir);
  writeFileSync(join(dir, 'in.txt'), 'in\n');
  writeFileSync(join(dir, 'ssdp.yaml'), yaml);
  return { parent, dir };
}

const FAILING = 'params:\n  data: data\ntasks:\n  a:\n    cmd: "echo half > ${data}/out.txt; exit 3"\n    inputs: [in.txt]\n    outputs: ["${data}/out.txt"]\n';

test('a failed step whose ${data} output is outside the project: the half-written file goes to DATA/.ssdp-failed/STEP/, an older failure is renamed readably', () => {
  const { parent, dir } = project(FAILING);
  const abs = join(parent, 'abs-data');
  mkdirSync(abs);
  mkdirSync(join(parent, 'rel-data'));
  for (const [param, data] of [[abs, abs], ['../rel-data', join(parent, 'rel-data')]] as const) {
    writeFileSync(join(data, 'other.txt'), 'yours\n');
    let r = runCli(['run', 'a', '--param', `data=${param}`], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_TASK_COMMAND/);
    assert.ok(r.stderr.includes(`its outputs (1) were moved to ${data}/.ssdp-failed/a/`), r.stderr);
    assert.equal(readFileSync(join(data, '.ssdp-failed', 'a', 'out.txt'), 'utf8'), 'half\n');
    assert.ok(!existsSync(join(data, 'out.txt')));
    r = runCli(['run', 'a', '--param', `data=${param}`], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    const names = readdirSync(join(data, '.ssdp-failed')).sort();
    assert.equal(names.length, 2, names.join());
    assert.equal(names[0], 'a');
    assert.match(names[1]!, READABLE);
    for (const n of names) assert.equal(readFileSync(join(data, '.ssdp-failed', n, 'out.txt'), 'utf8'), 'half\n');
    assert.equal(readFileSync(join(data, 'other.txt'), 'utf8'), 'yours\n', 'the rest of the data folder is not touched');
  }
  assert.ok(!existsSync(join(dir, '.ssdp', 'failed')), 'nothing of outside went into the project');
});

test('found data at an outside output: a step with inputs moves it to DATA/.ssdp-replaced/STEP-TIME/; a step without inputs uses it and is not run', () => {
  const { parent, dir } = project(FAILING.replace('exit 3', 'exit 0'));
  const data = join(parent, 'data');
  mkdirSync(data);
  writeFileSync(join(data, 'out.txt'), 'found\n');
  let r = runCli(['run', 'a', '--param', `data=${data}`], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const [aside, ...more] = readdirSync(join(data, '.ssdp-replaced'));
  assert.equal(more.length, 0);
  assert.match(aside!, READABLE);
  assert.equal(readFileSync(join(data, '.ssdp-replaced', aside!, 'out.txt'), 'utf8'), 'found\n');
  assert.equal(readFileSync(join(data, 'out.txt'), 'utf8'), 'half\n');
  // Up to date now: a second run does not touch it.
  r = runCli(['run', 'a', '--param', `data=${data}`], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readdirSync(join(data, '.ssdp-replaced')).length, 1);

  const src = project('params:\n  data: data\ntasks:\n  a:\n    cmd: "echo made > ${data}/z.zip"\n    outputs: ["${data}/z.zip"]\n');
  const zips = join(src.parent, 'zips');
  mkdirSync(zips);
  writeFileSync(join(zips, 'z.zip'), 'your own zip\n');
  r = runCli(['run', 'a', '--param', `data=${zips}`], { cwd: src.dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(zips, 'z.zip'), 'utf8'), 'your own zip\n');
  assert.ok(!existsSync(join(zips, '.ssdp-replaced')));
});

test('an outside ${data} output that is a top-level folder, your home or holds it is refused at the output, before anything runs', () => {
  const { dir } = project('params:\n  data: data\ntasks:\n  a:\n    cmd: "exit 3"\n    inputs: [in.txt]\n    outputs: ["${data}"]\n');
  for (const [data, why] of [['/usr', /top-level folder/], [homedir(), /your home folder/], ['/', /holds the project/]] as const) {
    const r = runCli(['run', 'a', '--param', `data=${data}`], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_BAD_SPEC.*ssdp\.yaml:7:15: output '\$\{data\}' of task 'a' /s);
    assert.match(r.stderr, why, r.stderr);
  }
  assert.ok(!existsSync('/.ssdp-failed') && !existsSync(join(homedir(), '.ssdp-failed')));
});

test('two set-asides in the same second do not collide: both kept, the second named ...Z-2', () => {
  const { dir } = project(FAILING);
  // replaced: the name of this second (and the next, should the clock tick) already taken.
  const now = Date.now();
  for (const t of [now, now + 1000]) {
    mkdirSync(join(dir, '.ssdp', 'replaced', `a-${timeName(t)}`), { recursive: true });
    writeFileSync(join(dir, '.ssdp', 'replaced', `a-${timeName(t)}`, 'out.txt'), 'earlier\n');
  }
  writeFileSync(join(dir, 'out.txt'), 'now\n');
  const r1 = moveAside(dir, 'a', 'replaced', [join(dir, 'out.txt')]);
  assert.match(r1.dir, /a-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-2$/);
  assert.equal(readFileSync(join(r1.dir, 'out.txt'), 'utf8'), 'now\n');
  const names = readdirSync(join(dir, '.ssdp', 'replaced'));
  assert.equal(names.length, 3);
  for (const t of [now, now + 1000]) assert.equal(readFileSync(join(dir, '.ssdp', 'replaced', `a-${timeName(t)}`, 'out.txt'), 'utf8'), 'earlier\n');

  // failed: two earlier failures whose folders carry the same second are both renamed, neither lost.
  const failed = join(dir, '.ssdp', 'failed');
  for (const n of [1, 2, 3]) {
    writeFileSync(join(dir, 'out.txt'), `try ${n}\n`);
    moveAside(dir, 'a', 'failed', [join(dir, 'out.txt')]);
    utimesSync(join(failed, 'a'), new Date(now), new Date(now));
  }
  const kept = readdirSync(failed).sort();
  assert.deepEqual(kept, ['a', `a-${timeName(now)}`, `a-${timeName(now)}-2`]);
  assert.deepEqual(kept.map((n) => readFileSync(join(failed, n, 'out.txt'), 'utf8')).sort(), ['try 1\n', 'try 2\n', 'try 3\n']);
});

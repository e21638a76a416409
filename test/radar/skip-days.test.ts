/**
 * try8s S4: `ssdp run pipeline --on-missing skip` (the README's own example) leaves a missing or
 * unreadable day out with a warning and computes the statistics from the other days, naming the
 * skipped days in summary.json; it used to fail the whole run with E_OUTPUT_MISSING because a
 * skipped day writes no zip / partial. Real files, the real CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readZip, syntheticDayZip, writeZip } from '../../src/radar/index.js';
import { writeSyntheticDay } from '../../src/radar/synthetic.js';
import { runCli } from '../helpers/cli.js';
import { radarProject } from '../helpers/radar-run.js';

const START = '2020-11-30';
const DAYS = ['2020-11-30', '2020-12-01', '2020-12-02', '2020-12-03', '2020-12-04', '2020-12-05'];

interface Summary {
  days: { used: string[]; skipped: { day: string; reason: string }[] };
}

/** Day 1 and 6 good; 2 junk, 3 missing, 4 an empty file, 5 two images for one time. */
function badDays(dir: string): void {
  const data = join(dir, 'v');
  mkdirSync(data, { recursive: true });
  writeSyntheticDay({ dir: data, date: DAYS[0]!, seed: 1, imagesPerDay: 3 });
  writeSyntheticDay({ dir: data, date: DAYS[5]!, seed: 1, imagesPerDay: 3 });
  writeFileSync(join(data, `${DAYS[1]}.zip`), 'junk\n');
  writeFileSync(join(data, `${DAYS[3]}.zip`), '');
  const tmpZip = join(dir, 'dup.zip');
  writeFileSync(tmpZip, syntheticDayZip({ seed: 2, date: DAYS[4]!, imagesPerDay: 2 }));
  const entries = [...readZip(tmpZip)].map(([name, data]) => ({ name, data }));
  rmSync(tmpZip);
  entries.push({ name: entries[0]!.name.replace(/\.tif$/i, '.TIF'), data: entries[0]!.data });
  writeFileSync(join(data, `${DAYS[4]}.zip`), writeZip(entries));
}

const args = (...extra: string[]) => ['run', 'pipeline', '--param', 'source=local', '--param', 'data=v', '--param', 'out=oo', '--param', `days=${DAYS.length}`, '--param', `start=${START}`, ...extra];

function summaryOf(dir: string): Summary {
  return JSON.parse(readFileSync(join(dir, 'oo', 'summary.json'), 'utf8')) as Summary;
}

function assertSkipped(dir: string, r: { status: number | null; stdout: string; stderr: string }, warned = true): void {
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /E_OUTPUT_MISSING|error \[/);
  const s = summaryOf(dir);
  assert.deepEqual(s.days.used, [DAYS[0], DAYS[5]]);
  assert.deepEqual(s.days.skipped.map((d) => d.day), [DAYS[1], DAYS[2], DAYS[3], DAYS[4]]);
  assert.match(s.days.skipped.find((d) => d.day === DAYS[2])!.reason, /missing/);
  assert.match(s.days.skipped.find((d) => d.day === DAYS[4])!.reason, /2020-12-04/);
  if (warned) for (const d of DAYS.slice(1, 5)) assert.match(r.stderr, new RegExp(`warning: .*left out ${d}`), `a warning names ${d}`);
  assert.ok(existsSync(join(dir, 'oo', 'radar.gif')));
}

test('S4: --on-missing skip leaves out a junk, missing, empty and duplicate-time day; the rest is summarised', () => {
  const dir = radarProject('ssdp-skip-days-');
  try {
    badDays(dir);
    const r = runCli(args('--on-missing', 'skip'), { cwd: dir });
    assertSkipped(dir, r);
    // the bad days' steps wrote nothing, and nothing of theirs went to .ssdp/failed
    assert.equal(existsSync(join(dir, 'v', `${DAYS[2]}.zip`)), false);
    assert.equal(existsSync(join(dir, '.ssdp', 'failed')), false);
    // up to date on a second run: nothing runs again, still exit 0, same summary
    const again = runCli(args('--on-missing', 'skip'), { cwd: dir });
    assertSkipped(dir, again, false);
    assert.match(again.stderr, /all 13 steps are up to date/);
    // and it says, in one line, that the bad days are still left out, as the first run warned
    const leftOut = again.stderr.split('\n').filter((l) => /left out/.test(l));
    assert.equal(leftOut.length, 1, again.stderr);
    assert.match(leftOut[0]!, /warning: 5 step\(s\) left out, as when they last ran/);
    for (const d of DAYS.slice(1, 5)) assert.ok(leftOut[0]!.includes(`day[${d}] (`), `the line names ${d}: ${leftOut[0]}`);
    assert.match(leftOut[0]!, /fetch\[2020-12-02\] \([^)]*missing/);
    const dry = runCli(args('--on-missing', 'skip', '--dry-run'), { cwd: dir });
    assert.match(dry.stderr, /5 step\(s\) left out, as when they last ran/);
    // the missing day arrives: it is used, the others stay left out
    writeSyntheticDay({ dir: join(dir, 'v'), date: DAYS[2]!, seed: 1, imagesPerDay: 3 });
    const third = runCli(args('--on-missing', 'skip'), { cwd: dir });
    assert.equal(third.status, 0, third.stderr);
    assert.deepEqual(summaryOf(dir).days.used, [DAYS[0], DAYS[2], DAYS[5]]);
    // without skip the same data is an error naming the bad day, not E_OUTPUT_MISSING
    rmSync(join(dir, '.ssdp', 'tasks'), { recursive: true });
    const strict = runCli(args(), { cwd: dir });
    assert.notEqual(strict.status, 0);
    assert.doesNotMatch(strict.stderr, /E_OUTPUT_MISSING/);
    assert.match(strict.stderr, /E_RADAR_/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('S4: --param on-missing=skip works the same as --on-missing skip', () => {
  const dir = radarProject('ssdp-skip-days-param-');
  try {
    badDays(dir);
    assertSkipped(dir, runCli(args('--param', 'on-missing=skip'), { cwd: dir }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

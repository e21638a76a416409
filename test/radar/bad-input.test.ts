import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  COMPOSITE_GEO,
  HEIGHT,
  WIDTH,
  dateRange,
  dayPartial,
  encodeTiff,
  listDays,
  parseDate,
  readDay,
  readZip,
  writeSyntheticDays,
  writeZip,
} from '../../src/radar/index.js';
import { readDayFile, writeDayFile } from '../../src/radar/pipeline/day-file.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'ssdp-radar-bad-'));

function isErr(code: string, ...parts: (string | RegExp)[]) {
  return (e: { code?: string; message: string }) => {
    assert.equal(e.code, code, e.message);
    for (const p of parts) {
      if (typeof p === 'string') assert.ok(e.message.includes(p), `"${e.message}" should name ${p}`);
      else assert.match(e.message, p);
    }
    return true;
  };
}

test('listDays: a missing day is an error naming its file, or with skip a warning and a summary', async () => {
  const dir = tmp();
  try {
    await writeSyntheticDays({ dir, start: '2020-11-01', days: 4, seed: 2, imagesPerDay: 2 });
    rmSync(join(dir, '2020-11-03.zip'));
    assert.throws(() => listDays({ dir, start: '2020-11-01', days: 4 }), isErr('E_RADAR_MISSING_DAY', join(dir, '2020-11-03.zip'), '1 of 4'));
    const r = listDays({ dir, start: '2020-11-01', days: 5, onMissing: 'skip' });
    assert.deepEqual(r.files.map((f) => f.date), ['2020-11-01', '2020-11-02', '2020-11-04']);
    assert.deepEqual(r.missing, ['2020-11-03', '2020-11-05']);
    assert.equal(r.warnings.length, 2);
    assert.match(r.warnings[0]!, /2020-11-03/);
    assert.equal(r.summary, 'left out 2 of 5 days: 2020-11-03, 2020-11-05');
    // Nothing missing: no summary. Without a start: every day archive in the folder.
    assert.equal(listDays({ dir, start: '2020-11-01', days: 2 }).summary, undefined);
    assert.deepEqual(listDays({ dir }).files.map((f) => f.date), ['2020-11-01', '2020-11-02', '2020-11-04']);
    // Nothing at all to process is an error even with skip.
    assert.throws(() => listDays({ dir, start: '2021-01-01', days: 3, onMissing: 'skip' }), isErr('E_RADAR_MISSING_DAY', '2021-01-01'));
    assert.throws(() => listDays({ dir: join(dir, 'nope') }), isErr('E_RADAR_NO_DATA_DIR', join(dir, 'nope')));
    assert.throws(() => listDays({ dir, start: '2020-11-01', onMissing: 'maybe' as 'skip' }), isErr('E_RADAR_BAD_OPTION'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('dates: impossible dates and day counts are clear errors; ranges cross month and year ends', () => {
  assert.throws(() => parseDate('2020-02-30'), isErr('E_RADAR_BAD_DATE', '2020-02-30'));
  assert.throws(() => parseDate('2020-1-5'), isErr('E_RADAR_BAD_DATE'));
  assert.throws(() => dateRange('2020-11-01', 0), isErr('E_RADAR_BAD_DAYS'));
  assert.deepEqual(dateRange('2020-12-30', 3), ['2020-12-30', '2020-12-31', '2021-01-01']);
  assert.deepEqual(dateRange('2020-02-28', 2), ['2020-02-28', '2020-02-29']);
});

test('dayPartial: a corrupt zip, a truncated TIFF, a wrong image size, an empty archive: errors naming the file', async () => {
  const dir = tmp();
  try {
    await writeSyntheticDays({ dir, start: '2020-11-01', days: 1, seed: 2, imagesPerDay: 4 });
    const good = join(dir, '2020-11-01.zip');
    const entries = readZip(good);
    const names = [...entries.keys()];

    const corrupt = join(dir, 'corrupt.zip');
    const bytes = readFileSync(good);
    writeFileSync(corrupt, bytes.subarray(0, bytes.length - 100));
    await assert.rejects(dayPartial(corrupt), isErr('E_RADAR_BAD_ZIP', corrupt));

    const truncated = join(dir, 'truncated.zip');
    const inputs = names.map((name) => ({ name, data: entries.get(name)! }));
    inputs[2] = { name: names[2]!, data: entries.get(names[2]!)!.subarray(0, 5000) };
    writeFileSync(truncated, writeZip(inputs));
    await assert.rejects(dayPartial(truncated), isErr('E_RADAR_BAD_TIFF', 'truncated.zip', names[2]!, 'truncated'));

    const wrongSize = join(dir, 'wrong-size.zip');
    const small = encodeTiff({ width: WIDTH - 1, height: HEIGHT, data: new Uint8Array((WIDTH - 1) * HEIGHT), geo: COMPOSITE_GEO });
    writeFileSync(wrongSize, writeZip([...inputs.slice(0, 1), { name: 'radar_2011040005.tif', data: small }]));
    await assert.rejects(dayPartial(wrongSize), isErr('E_RADAR_BAD_IMAGE', 'wrong-size.zip', 'radar_2011040005.tif', `${WIDTH - 1} x ${HEIGHT}`));

    const empty = join(dir, 'empty.zip');
    writeFileSync(empty, writeZip([{ name: 'readme.txt', data: Buffer.from('no images') }]));
    await assert.rejects(dayPartial(empty), isErr('E_RADAR_EMPTY_DAY', empty));

    // A day archive holding another day's images (renamed) would mislabel frames.
    const renamed = join(dir, '2020-11-09.zip');
    writeFileSync(renamed, bytes);
    await assert.rejects(dayPartial(renamed), isErr('E_RADAR_WRONG_DAY', renamed, 'from 2020-11-01', 'none from 2020-11-09'));

    // Entries stored out of order are read in time order.
    const shuffled = join(dir, 'shuffled.zip');
    writeFileSync(shuffled, writeZip([...inputs.slice(0, 2)].concat([{ name: names[3]!, data: entries.get(names[3]!)! }]).reverse()));
    assert.deepEqual((await readDay(shuffled)).map((i) => i.name), [names[0], names[1], names[3]]);

    await assert.rejects(writeSyntheticDays({ dir, start: '2020-11-01', days: 1, imagesPerDay: 0 }), isErr('E_RADAR_BAD_OPTION', 'imagesPerDay'));

    // The good day still works, with its timestamps.
    const d = await dayPartial(good);
    assert.equal(d.imageCount, 4);
    assert.deepEqual(d.timestamps, ['2020-11-01T00:00:00Z', '2020-11-01T06:00:00Z', '2020-11-01T12:00:00Z', '2020-11-01T18:00:00Z']);
    assert.deepEqual(d.frameSizes, [1, 1, 1, 1, 0, 0, 0, 0]);

    // s20 Q1: images named .TIF (archivers, Windows tools) are SMHI's images with the same times,
    // also with a RADAR_ prefix mixed in (ordered by time, not by the name's case).
    const whole = names.map((name) => ({ name, data: entries.get(name)! }));
    const upper = join(dir, 'upper', '2020-11-01.zip');
    mkdirSync(dirname(upper));
    writeFileSync(upper, writeZip(whole.map(({ name, data }, i) => ({ name: i === 1 ? name.replace('radar_', 'RADAR_').toUpperCase() : name.replace('.tif', '.TIF'), data }))));
    const u = await dayPartial(upper);
    assert.deepEqual(u.timestamps, d.timestamps);
    assert.deepEqual(u.frameTimes, d.frameTimes);
    assert.ok(Buffer.from(u.frames.buffer).equals(Buffer.from(d.frames.buffer)), 'same frames as the .tif day');

    // s20 Q1/Q2: in a day's archive an image whose name gives no real time (hour 24 minute 60, or
    // no SMHI name) is refused naming zip and entry; with skip it is left out with a warning.
    // (Before: counted silently, or its name became a frame "time" that failed the month's outputs.)
    const odd = join(dir, 'odd', '2020-11-01.zip');
    mkdirSync(dirname(odd));
    writeFileSync(odd, writeZip([...whole, { name: 'radar_2011012460.tif', data: entries.get(names[0]!)! }]));
    await assert.rejects(dayPartial(odd), isErr('E_RADAR_BAD_IMAGE', odd, 'radar_2011012460.tif', 'impossible time (hour 24, minute 60)'));
    const warned: string[] = [];
    const skipped = await dayPartial(odd, { otherDays: 'skip', warn: (m) => warned.push(m) });
    assert.equal(skipped.imageCount, 4);
    assert.deepEqual(skipped.timestamps, d.timestamps);
    assert.equal(warned.length, 1);
    assert.match(warned[0]!, /left out 1 image.*radar_2011012460\.tif names an impossible time/);
    writeFileSync(odd, writeZip([{ name: 'scan-a.tif', data: entries.get(names[0]!)! }, ...whole.slice(1), { name: 'radar_2011310000.tif', data: entries.get(names[0]!)! }]));
    await assert.rejects(dayPartial(odd), isErr('E_RADAR_BAD_IMAGE', 'radar_2011310000.tif names an impossible time (day 31)', '1 more', 'scan-a.tif'));
    writeFileSync(odd, writeZip([{ name: 'scan-a.tif', data: entries.get(names[0]!)! }]));
    await assert.rejects(dayPartial(odd, { otherDays: 'skip' }), isErr('E_RADAR_EMPTY_DAY', odd, 'scan-a.tif is not named radar_YYMMDDHHMM.tif'));

    // A processed-day file whose frame "time" is an image name (written before the check) is
    // refused naming it, not handed to the outputs as an invalid date.
    const partial = join(dir, 'p', '2020-11-01.day');
    writeDayFile(partial, '2020-11-01', { ...d, frameTimes: ['scan-a.tif', ...d.frameTimes.slice(1)] });
    assert.throws(() => readDayFile(partial), isErr('E_RADAR_BAD_PARTIAL', partial, 'frame 1', "'scan-a.tif'"));
    writeDayFile(partial, '2020-11-01', d);
    assert.deepEqual(readDayFile(partial).frameTimes, d.frameTimes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

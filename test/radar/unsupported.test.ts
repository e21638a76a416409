/**
 * Break R5: a valid file in a layout ssdp does not read (GDAL's ZSTD or LZMA TIFFs, a bzip2 zip
 * entry) is "unsupported", with how to convert it, never "damaged, delete it"; errors name the zip
 * with its folder. Files written by GDAL and Python's zipfile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDay, writeSyntheticDays } from '../../src/radar/index.js';
import { buildCorpus } from './gis-corpus.js';

test('R5: LZMA GeoTIFFs (strips and tiles) and bzip2 zip entries are E_RADAR_UNSUPPORTED_*, naming the zip with its folder and how to convert', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssdp-radar-unsup-'));
  try {
    await writeSyntheticDays({ dir: join(dir, 'src'), start: '2020-11-01', days: 1, seed: 7, imagesPerDay: 2 });
    buildCorpus(join(dir, 'src'), join(dir, 'c'), { lzma: { kind: 'gdal', co: ['COMPRESS=LZMA'] }, 'tiled-lzma': { kind: 'gdal', co: ['COMPRESS=LZMA', 'TILED=YES'] } });
    for (const [layout, name] of [['lzma', 'LZMA'], ['tiled-lzma', 'LZMA']] as const) {
      const zip = join(dir, 'c', layout, '2020-11-01.zip');
      await assert.rejects(readDay(zip), (e: { code?: string; message: string; hint?: string }) => {
        assert.equal(e.code, 'E_RADAR_UNSUPPORTED_TIFF', e.message);
        assert.ok(e.message.startsWith(`${zip}: radar_2011010000.tif`), e.message);
        assert.match(e.message, new RegExp(`compression ${name}`));
        assert.match(e.message, /none, LZW, deflate, PackBits and ZSTD are read/);
        assert.match(e.hint ?? '', /gdal_translate .*COMPRESS=DEFLATE/);
        assert.doesNotMatch(e.hint ?? '', /damaged or truncated|delete/);
        return true;
      });
    }
    const bz = join(dir, 'bz', '2020-11-01.zip');
    execFileSync('python3', ['-c', `import zipfile,os
os.makedirs(os.path.dirname(${JSON.stringify(bz)}), exist_ok=True)
zi = zipfile.ZipFile(${JSON.stringify(join(dir, 'src', '2020-11-01.zip'))})
with zipfile.ZipFile(${JSON.stringify(bz)}, 'w', zipfile.ZIP_BZIP2) as zo:
    [zo.writestr(n, zi.read(n)) for n in zi.namelist()]`]);
    await assert.rejects(readDay(bz), (e: { code?: string; message: string; hint?: string }) => {
      assert.equal(e.code, 'E_RADAR_UNSUPPORTED_ZIP', e.message);
      assert.ok(e.message.includes(bz) && e.message.includes('bzip2'), e.message);
      assert.doesNotMatch(`${e.message} ${e.hint}`, /corrupt|damaged or truncated/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('W4: 32-bit float composites (with or without predictor 3) are refused with one message: radar images are read as 8-bit unsigned, and how to convert', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssdp-radar-float-'));
  try {
    await writeSyntheticDays({ dir: join(dir, 'src'), start: '2020-11-01', days: 1, seed: 7, imagesPerDay: 2 });
    buildCorpus(join(dir, 'src'), join(dir, 'c'), {
      f32: { kind: 'gdal', type: 'Float32', co: ['COMPRESS=DEFLATE'] },
      'f32-pred3': { kind: 'gdal', type: 'Float32', co: ['COMPRESS=DEFLATE', 'PREDICTOR=3'] },
      'f32-tiled': { kind: 'gdal', type: 'Float32', co: ['COMPRESS=DEFLATE', 'TILED=YES'] },
      u16: { kind: 'gdal', type: 'UInt16', co: ['COMPRESS=DEFLATE'] },
    });
    for (const [layout, bits] of [['f32', '32-bit float'], ['f32-pred3', '32-bit float'], ['f32-tiled', '32-bit float'], ['u16', '16-bit unsigned integer']] as const) {
      const zip = join(dir, 'c', layout, '2020-11-01.zip');
      await assert.rejects(readDay(zip), (e: { code?: string; message: string; hint?: string }) => {
        assert.equal(e.code, 'E_RADAR_UNSUPPORTED_TIFF', `${layout}: ${e.message}`);
        assert.ok(e.message.startsWith(`${zip}: radar_2011010000.tif`), e.message);
        assert.ok(e.message.includes(`its samples are ${bits}`), `${layout}: ${e.message}`);
        assert.match(e.message, /radar composites are read as 8-bit unsigned samples only/, layout);
        assert.doesNotMatch(e.message, /predictor|32-bit float samples|x 887 /, `${layout}: one statement, no contradicting one`);
        assert.match(e.hint ?? '', /gdal_translate -ot Byte/);
        return true;
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

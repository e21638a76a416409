/**
 * Issue 9: every valid SMHI-format file read right, every wrong one refused. A synthetic day is
 * re-written by GDAL and PIL into the layouts GIS tools produce; each is read by ssdp and compared
 * with the notebook's numpy code on images read by GDAL (pixels identical, frames within 1e-5 mm/h,
 * NaN in the same places), or refused with the expected code.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromArrayBuffer } from 'geotiff';
import { PIXELS, SUB_PIXELS, dayPartial, decodeTiff, readDay, readZip, writeSyntheticDays, writeZip } from '../../src/radar/index.js';
import { processDay } from '../../src/radar/pipeline/index.js';
import type { TaskContext } from '../../src/workflow/types.js';
import { buildCorpus, gdalReference } from './gis-corpus.js';

const DAY = '2020-11-02';
let root = '';
const src = () => join(root, 'src');
const corpus = () => join(root, 'corpus');
const ref = (layout: string) => join(root, `ref-${layout}`);

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'ssdp-radar-gis-'));
  // 8 images: one per frame, so every frame is one image's rain rates.
  await writeSyntheticDays({ dir: src(), start: DAY, days: 1, seed: 9, imagesPerDay: 8 });
  buildCorpus(src(), corpus());
  gdalReference(Object.keys(expected).map((layout) => [join(corpus(), layout, `${DAY}.zip`), ref(layout)]));
});
after(() => rmSync(root, { recursive: true, force: true }));

const isErr = (code: string, ...parts: string[]) => (e: unknown) => {
  const err = e as { code?: string; message: string; hint?: string };
  assert.equal(err.code, code, err.message);
  for (const p of parts) assert.ok(`${err.message} ${err.hint}`.includes(p), `"${p}" not in: ${err.message} (hint: ${err.hint})`);
  assert.ok(err.hint, 'a hint');
  return true;
};

/** What the first image of a layout really is, read from its tags (the corpus must be what it claims). */
async function structure(zip: string) {
  const [name, bytes] = [...readZip(zip)][0]!;
  const tiff = await fromArrayBuffer(new Uint8Array(bytes).buffer);
  const image = await tiff.getImage(0);
  const dir = image.fileDirectory;
  const counts = Array.from((await dir.loadValue(image.isTiled ? 'TileByteCounts' : 'StripByteCounts')) as ArrayLike<number>, Number);
  return {
    name,
    bytes,
    bigtiff: bytes[2] === 43,
    tiled: image.isTiled,
    planar: Number(dir.getValue('PlanarConfiguration') ?? 1),
    bands: image.getSamplesPerPixel(),
    compression: Number(dir.getValue('Compression') ?? 1),
    predictor: Number((await dir.loadValue('Predictor')) ?? 1),
    emptyBlocks: counts.filter((c) => c === 0).length,
    rowsPerStrip: Number(dir.getValue('RowsPerStrip') ?? 0),
  };
}

const expected: Record<string, (s: Awaited<ReturnType<typeof structure>>) => boolean> = {
  'band-lzw': (s) => s.planar === 2 && s.bands === 3 && s.compression === 5 && s.rowsPerStrip === 17,
  'band-lzw-predictor': (s) => s.planar === 2 && s.compression === 5 && s.predictor === 2,
  'band-packbits': (s) => s.planar === 2 && s.compression === 32773,
  'band-deflate': (s) => s.planar === 2 && s.compression === 8,
  'pixel-lzw-predictor': (s) => s.planar === 1 && s.bands === 3 && s.predictor === 2,
  'strips-lzw': (s) => !s.tiled && s.compression === 5,
  'strips-deflate-predictor': (s) => !s.tiled && s.compression === 8 && s.predictor === 2,
  'strips-zstd': (s) => !s.tiled && s.compression === 50000 && s.rowsPerStrip === 17,
  'strips-zstd-predictor': (s) => !s.tiled && s.compression === 50000 && s.predictor === 2,
  'tiled-zstd-predictor': (s) => s.tiled && s.compression === 50000 && s.predictor === 2,
  'tiled-deflate-predictor': (s) => s.tiled && s.compression === 8 && s.predictor === 2,
  'tiled-lzw-band': (s) => s.tiled && s.planar === 2 && s.bands === 3,
  bigtiff: (s) => s.bigtiff,
  cog: (s) => s.tiled && s.compression === 8,
  'sparse-strips': (s) => !s.tiled && s.emptyBlocks > 0,
  'sparse-tiles': (s) => s.tiled && s.emptyBlocks > 0,
  'pil-lzw': (s) => s.compression === 5,
  'pil-rgb-packbits': (s) => s.bands === 3 && s.compression === 32773,
};

function compareFrames(name: string, ours: Float32Array, theirs: Float32Array): number {
  assert.equal(ours.length, theirs.length, `${name}: length`);
  let maxDiff = 0, nans = 0;
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i]!, b = theirs[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) {
      assert.ok(Number.isNaN(a) && Number.isNaN(b), `${name}: NaN at ${i} in only one (ssdp ${a}, numpy ${b})`);
      nans++;
    } else maxDiff = Math.max(maxDiff, Math.abs(a - b));
  }
  assert.ok(maxDiff < 1e-5, `${name}: max abs difference ${maxDiff} mm/h`);
  assert.ok(nans > 0.1 * ours.length && nans < 0.9 * ours.length, `${name}: ${nans} NaN of ${ours.length}`);
  return maxDiff;
}

for (const layout of Object.keys(expected)) {
  test(`GIS layout ${layout}: pixels identical to GDAL's band 1, frames match the notebook's numpy`, async (t) => {
    const zip = join(corpus(), layout, `${DAY}.zip`);
    const s = await structure(zip);
    assert.ok(expected[layout]!(s), `${layout} is not the layout it claims: ${JSON.stringify({ ...s, bytes: undefined })}`);

    const images = await readDay(zip);
    const refPixels = readFileSync(`${ref(layout)}.pixels`);
    assert.equal(refPixels.length, images.length * PIXELS);
    images.forEach((img, i) => {
      const want = refPixels.subarray(i * PIXELS, (i + 1) * PIXELS);
      if (!Buffer.from(img.pixels).equals(want)) {
        const at = want.findIndex((v, k) => v !== img.pixels[k]);
        assert.fail(`${layout} ${img.name}: pixel ${at} (row ${Math.floor(at / 471)}) is ${img.pixels[at]}, GDAL reads ${want[at]}`);
      }
    });
    const d = await dayPartial(zip);
    const refFrames = new Float32Array(new Uint8Array(readFileSync(`${ref(layout)}.frames`)).buffer);
    assert.equal(d.frames.length, 8 * SUB_PIXELS);
    t.diagnostic(`${layout}: max abs frame difference ${compareFrames(layout, d.frames, refFrames)} mm/h`);
  });
}

test('GIS: stripped layouts take the fast path, tiled, BigTIFF and sparse ones geotiff.js', async () => {
  for (const layout of ['tiled-deflate-predictor', 'tiled-lzw-band', 'bigtiff', 'cog', 'sparse-strips', 'sparse-tiles']) {
    const { bytes } = await structure(join(corpus(), layout, `${DAY}.zip`));
    assert.throws(() => decodeTiff(bytes, layout), /needs readTiff/, layout);
  }
  for (const layout of ['band-lzw', 'band-lzw-predictor', 'band-packbits', 'band-deflate', 'strips-lzw', 'pixel-lzw-predictor', 'pil-rgb-packbits']) {
    const { bytes } = await structure(join(corpus(), layout, `${DAY}.zip`));
    assert.equal(decodeTiff(bytes, layout).width, 471, layout);
  }
});

test('GIS: images shifted 50 km or in EPSG:3857 with 4 km pixels are refused with E_RADAR_BAD_GEOREF', async () => {
  const shifted = join(corpus(), 'shifted-50km', `${DAY}.zip`);
  await assert.rejects(dayPartial(shifted), isErr('E_RADAR_BAD_GEOREF', `${DAY}.zip: radar_`, '50 km from the composite', 'EPSG:3006'));
  // The same on the geotiff.js path (a COG).
  const cog = join(corpus(), 'cog-shifted-50km', `${DAY}.zip`);
  await assert.rejects(dayPartial(cog), isErr('E_RADAR_BAD_GEOREF', '50 km from the composite'));
  const mercator = join(corpus(), 'epsg3857-4km', `${DAY}.zip`);
  await assert.rejects(dayPartial(mercator), isErr('E_RADAR_BAD_GEOREF', 'EPSG:3857', '4000 x 4000 m'));
});

test('GIS: a day zip also holding another day is refused naming both days; with skip only its own day is used; __MACOSX/ ignored', async () => {
  const other = join(root, 'other');
  await writeSyntheticDays({ dir: other, start: '2020-11-04', days: 1, seed: 9, imagesPerDay: 8 });
  const own = readZip(join(src(), `${DAY}.zip`));
  const foreign = readZip(join(other, '2020-11-04.zip'));
  const mixedDir = join(root, 'mixed');
  mkdirSync(mixedDir, { recursive: true });
  const mixed = join(mixedDir, `${DAY}.zip`);
  const entries = [...own, ...foreign].map(([name, data]) => ({ name, data }));
  // A Finder-made zip: AppleDouble resource forks named like the images.
  entries.push({ name: `__MACOSX/._${[...own.keys()][0]}`, data: Buffer.from('Mac OS X resource fork') });
  writeFileSync(mixed, writeZip(entries));

  await assert.rejects(dayPartial(mixed), isErr('E_RADAR_MIXED_DAYS', mixed, `8 from ${DAY}`, '8 from 2020-11-04', 'use only the images'));

  const warnings: string[] = [];
  const trimmed = await dayPartial(mixed, { otherDays: 'skip', warn: (m) => warnings.push(m) });
  const clean = await dayPartial(join(src(), `${DAY}.zip`));
  assert.equal(trimmed.imageCount, 8);
  assert.deepEqual(trimmed.timestamps, clean.timestamps);
  assert.deepEqual(Buffer.from(trimmed.frames.buffer), Buffer.from(clean.frames.buffer));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /also holds images of 2020-11-04 .*used only the 8 of 2020-11-02/);

  // Through the pipeline step: --on-missing skip says so as a warning; the default refuses.
  const said: string[] = [];
  const ctx = { root, warn: (m: string) => said.push(m), log: () => {} } as unknown as TaskContext;
  const out = await processDay({ zip: mixed, partial: join(root, 'p', `${DAY}.day`), day: DAY, onMissing: 'skip' }, ctx);
  assert.equal(out.images, 8);
  assert.ok(said.some((m) => m.includes('used only the 8 of 2020-11-02')), said.join('\n'));
  await assert.rejects(processDay({ zip: mixed, partial: join(root, 'p2', `${DAY}.day`), day: DAY }, ctx), isErr('E_RADAR_MIXED_DAYS'));
});

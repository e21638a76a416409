/**
 * bench/radar-tiff-layouts: the two TIFF decoders per layout, on a synthetic day re-written by GDAL
 * and PIL (test/radar/gis-corpus.ts): the fast path (utif2 + node's zlib, tiff-read.ts) where it
 * reads the layout, and geotiff.js (tiff-general.ts) on every layout, each checked against GDAL's
 * band 1 (a wrong decode is reported, not timed as a win). This is the measurement behind
 * readTiff's choice of path. Needs python3-gdal. Usage: node dist/bench/radar-tiff-layouts.js [--rounds N]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PIXELS, decodeTiff, readZip, writeSyntheticDays } from '../src/radar/index.js';
import { decodeTiffGeneral } from '../src/radar/tiff-general.js';
import { LAYOUTS, buildCorpus, gdalReference } from '../test/radar/gis-corpus.js';
const i = process.argv.indexOf('--rounds');
const rounds = i > 0 ? Number(process.argv[i + 1]) : 5;
const DAY = '2020-11-02';
const root = mkdtempSync(join(tmpdir(), 'ssdp-bench-layouts-'));
try {
    await writeSyntheticDays({ dir: join(root, 'src'), start: DAY, days: 1, seed: 9, imagesPerDay: 8 });
    // The common SMHI layout (our own writer: deflate strips), plus every readable GIS layout.
    const layouts = Object.keys(LAYOUTS).filter((l) => !/shifted|epsg/.test(l));
    buildCorpus(join(root, 'src'), join(root, 'corpus'), Object.fromEntries(layouts.map((l) => [l, LAYOUTS[l]])));
    const zips = { 'smhi (deflate strips)': join(root, 'src', `${DAY}.zip`) };
    for (const l of layouts)
        zips[l] = join(root, 'corpus', l, `${DAY}.zip`);
    gdalReference(Object.entries(zips).map(([l, z]) => [z, join(root, `ref-${l.replace(/\W+/g, '_')}`)]));
    const fast = async (b) => decodeTiff(b, 'x').data;
    const general = async (b) => (await decodeTiffGeneral(b, 'x')).data;
    /** ms per image (best of `rounds`), or why the decoder does not qualify. */
    async function measure(decode, images, ref) {
        for (let k = 0; k < images.length; k++) {
            let px;
            try {
                px = await decode(images[k]);
            }
            catch (e) {
                return /needs readTiff/.test(e.message) ? 'not read' : `error: ${e.message.slice(0, 40)}`;
            }
            if (!Buffer.from(px.buffer, px.byteOffset, px.byteLength).equals(ref.subarray(k * PIXELS, (k + 1) * PIXELS)))
                return 'WRONG pixels';
        }
        let best = Infinity;
        for (let r = 0; r < rounds; r++) {
            const t0 = performance.now();
            for (const img of images)
                await decode(img);
            best = Math.min(best, (performance.now() - t0) / images.length);
        }
        return `${best.toFixed(2)} ms`;
    }
    console.log(`decode time per 471 x 887 image, best of ${rounds} rounds over 8 images (machine shared: compare columns, not runs)`);
    console.log(`${'layout'.padEnd(26)} ${'fast path'.padStart(12)} ${'geotiff.js'.padStart(12)}`);
    for (const [l, zip] of Object.entries(zips)) {
        const images = [...readZip(zip)].filter(([n]) => n.endsWith('.tif')).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, b]) => b);
        const ref = readFileSync(join(root, `ref-${l.replace(/\W+/g, '_')}.pixels`));
        console.log(`${l.padEnd(26)} ${(await measure(fast, images, ref)).padStart(12)} ${(await measure(general, images, ref)).padStart(12)}`);
    }
}
finally {
    rmSync(root, { recursive: true, force: true });
}
//# sourceMappingURL=radar-tiff-layouts.js.map
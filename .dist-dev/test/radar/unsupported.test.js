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
test('R5: ZSTD and LZMA GeoTIFFs and bzip2 zip entries are E_RADAR_UNSUPPORTED_*, naming the zip with its folder and how to convert', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssdp-radar-unsup-'));
    try {
        await writeSyntheticDays({ dir: join(dir, 'src'), start: '2020-11-01', days: 1, seed: 7, imagesPerDay: 2 });
        buildCorpus(join(dir, 'src'), join(dir, 'c'), { zstd: { kind: 'gdal', co: ['COMPRESS=ZSTD'] }, lzma: { kind: 'gdal', co: ['COMPRESS=LZMA'] } });
        for (const [layout, name] of [['zstd', 'ZSTD'], ['lzma', 'LZMA']]) {
            const zip = join(dir, 'c', layout, '2020-11-01.zip');
            await assert.rejects(readDay(zip), (e) => {
                assert.equal(e.code, 'E_RADAR_UNSUPPORTED_TIFF', e.message);
                assert.ok(e.message.startsWith(`${zip}: radar_2011010000.tif`), e.message);
                assert.match(e.message, new RegExp(`compression ${name}`));
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
        await assert.rejects(readDay(bz), (e) => {
            assert.equal(e.code, 'E_RADAR_UNSUPPORTED_ZIP', e.message);
            assert.ok(e.message.includes(bz) && e.message.includes('bzip2'), e.message);
            assert.doesNotMatch(`${e.message} ${e.hint}`, /corrupt|damaged or truncated/);
            return true;
        });
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
//# sourceMappingURL=unsupported.test.js.map
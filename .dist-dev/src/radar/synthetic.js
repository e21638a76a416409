/**
 * The synthetic data source: day archives in exactly SMHI's format (`YYYY-MM-DD.zip` holding
 * `radar_YYMMDDHHMM.tif`, 471 x 887 uint8 deflate GeoTIFFs in SWEREF 99 TM), byte-identical for a
 * seed and a date, drawn by synthetic-weather.ts. A day is a pure function of (seed, date), so days
 * can be written in any order and in parallel.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { constants as zlibConstants } from 'node:zlib';
import { SsdpError } from '../util/errors.js';
import { COMPOSITE_GEO, HEIGHT, NODATA, PIXELS, WIDTH } from './geometry.js';
import { dateRange, dayFile, parseDate } from './days.js';
import { imageName } from './radar-image.js';
import { cellsBetween, drawComposite } from './synthetic-weather.js';
import { encodeTiff } from './tiff-write.js';
import { writeZip } from './zip-write.js';
import { parseZip } from './zip-read.js';
function checkImagesPerDay(n) {
    if (!Number.isInteger(n) || n < 1 || n > 1440) {
        throw new SsdpError('E_RADAR_BAD_OPTION', `imagesPerDay must be a whole number from 1 to 1440, not ${n}.`);
    }
}
/** The composites of one synthetic day, as (name, time, pixel values). */
export function* syntheticImages(opts) {
    const n = opts.imagesPerDay ?? 288;
    checkImagesPerDay(n);
    const dayStart = parseDate(opts.date).getTime() / 60000;
    const step = Math.floor(1440 / n);
    const cells = cellsBetween(opts.seed, dayStart, dayStart + 1440);
    const pixels = new Uint8Array(PIXELS);
    for (let k = 0; k < n; k++) {
        const minute = dayStart + k * step;
        drawComposite(opts.seed, minute, cells, pixels);
        const time = new Date(minute * 60000);
        yield { name: imageName(time), time, pixels };
    }
}
/** One synthetic day archive, in memory. */
export function syntheticDayZip(opts) {
    const entries = [];
    for (const img of syntheticImages(opts)) {
        const tif = encodeTiff({
            width: WIDTH,
            height: HEIGHT,
            data: img.pixels,
            geo: COMPOSITE_GEO,
            nodata: NODATA,
            level: opts.level ?? 1,
            rowsPerStrip: 128,
            // Run-length matching suits fields of long constant runs (no echo, no data): measured about
            // twice as fast as the default strategy for a 20% larger file.
            strategy: zlibConstants.Z_RLE,
        });
        entries.push({ name: img.name, data: tif, mtime: img.time });
    }
    // The TIFFs are compressed already: deflating them again saves under 1% (measured), so store.
    return writeZip(entries, { level: 0, comment: `${SYNTHETIC_MARK} seed=${opts.seed} date=${opts.date}` });
}
/** The start of the archive comment of every synthetic day: how ssdp tells its own zips from data. */
export const SYNTHETIC_MARK = 'ssdp synthetic radar day';
/** Whether an archive on disk is a synthetic day written by ssdp (its comment carries the mark). */
export function isSyntheticZip(path) {
    try {
        return parseZip(readFileSync(path), path).comment.startsWith(SYNTHETIC_MARK);
    }
    catch {
        return false;
    }
}
/** Whether `old` is `marked` without its comment: a synthetic day written before the mark existed. */
function isUnmarkedSynthetic(old, marked) {
    const commentLen = parseZip(marked).comment.length;
    const n = marked.length - commentLen;
    // Equal up to the EOCD's comment-length field, which is the last two bytes of the unmarked file.
    return old.length === n && old.subarray(n - 2).readUInt16LE(0) === 0 && old.subarray(0, n - 2).equals(marked.subarray(0, n - 2));
}
/** Writes one day as `dir/YYYY-MM-DD.zip` (atomically: a partial file never has the final name). */
export function writeSyntheticDay(opts) {
    mkdirSync(opts.dir, { recursive: true });
    const path = dayFile(opts.dir, opts.date);
    const zip = syntheticDayZip(opts);
    if (existsSync(path) && !isSyntheticZip(path) && !isUnmarkedSynthetic(readFileSync(path), zip)) {
        throw new SsdpError('E_RADAR_NOT_SYNTHETIC', `${path} exists and is not a synthetic day written by ssdp (it is downloaded or your own data); the synthetic source does not replace it.`, {
            hint: 'To use the data in that folder, run with --param source=local (or source=smhi for SMHI downloads); to make synthetic days, choose another folder with --param data=DIR.',
        });
    }
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, zip);
    renameSync(tmp, path);
    return path;
}
/** Writes `days` synthetic day archives from `start`; returns their paths in date order. */
export async function writeSyntheticDays(opts) {
    const dates = dateRange(opts.start ?? '2020-11-01', opts.days);
    checkImagesPerDay(opts.imagesPerDay ?? 288);
    const seed = opts.seed ?? 1;
    const concurrency = Math.max(1, Math.min(opts.concurrency ?? 1, dates.length));
    const paths = dates.map((d) => dayFile(opts.dir, d));
    const one = (date) => ({ dir: opts.dir, date, seed, imagesPerDay: opts.imagesPerDay, level: opts.level });
    if (concurrency === 1) {
        for (const date of dates) {
            const path = writeSyntheticDay(one(date));
            opts.onDay?.(date, path);
        }
        return paths;
    }
    let next = 0;
    mkdirSync(opts.dir, { recursive: true });
    const workerUrl = new URL('./synthetic-worker.js', import.meta.url);
    await Promise.all(Array.from({ length: concurrency }, async () => {
        const worker = new Worker(workerUrl);
        try {
            while (next < dates.length) {
                const date = dates[next++];
                const path = await new Promise((resolve, reject) => {
                    const onError = (e) => reject(e);
                    worker.once('error', onError);
                    worker.once('message', (m) => {
                        worker.off('error', onError);
                        if (m.path)
                            resolve(m.path);
                        else
                            reject(m.error?.code ? new SsdpError(m.error.code, m.error.message) : new Error(m.error?.message));
                    });
                    worker.postMessage(one(date));
                });
                opts.onDay?.(date, path);
            }
        }
        finally {
            await worker.terminate();
        }
    }));
    return paths;
}
//# sourceMappingURL=synthetic.js.map
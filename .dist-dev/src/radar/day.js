/**
 * One day of composites, as the lecture's notebook processes it: the images in time order, binned
 * into frames of consecutive images (the first n mod 8 frames take one more), a plain mean per
 * frame, subsampled with `[:-1:2, :-1:2]`; and, in the same pass, the day's partial statistics of
 * every subsampled image. Pure functions of their inputs so graph workers can import and run them.
 */
import { basename } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { NODATA, PIXELS, SUB_HEIGHT, SUB_PIXELS, SUB_WIDTH, WIDTH } from './geometry.js';
import { decodeRadarImage, imageTime } from './radar-image.js';
import { rainRateLut } from './rain-rate.js';
import { emptyPartial } from './stats.js';
import { openZip, readEntry } from './zip-read.js';
/** The image entries of a day archive in time order (names sort chronologically); `__MACOSX/` resource forks are not images. */
function imageEntries(entries) {
    return entries
        .filter((e) => /\.tiff?$/i.test(e.name) && !e.name.endsWith('/') && !/(^|\/)__MACOSX\//.test(e.name))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
/**
 * Decodes every image of a day archive in time order and hands each to `fn` without keeping it, so
 * a day costs one image of memory. Returns the number of images.
 */
export async function forEachImage(zipPath, fn, opts = {}) {
    const zip = openZip(zipPath);
    let entries = imageEntries(zip.entries);
    if (entries.length === 0) {
        throw new SsdpError('E_RADAR_EMPTY_DAY', `${zipPath} holds no radar images (no .tif entries among its ${zip.entries.length} files).`, {
            hint: 'Delete the file and download or generate the day again.',
        });
    }
    checkOneImagePerTime(zipPath, entries);
    entries = checkDay(zipPath, entries, opts);
    // Errors name the zip with its folder: the same day name exists in many folders.
    const label = zipPath;
    for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        const pixels = await decodeRadarImage(readEntry(zip, e), label, e.name);
        fn({ name: e.name, time: imageTime(e.name), pixels }, i, entries.length);
    }
    return entries.length;
}
/**
 * A day holds at most one image per 5-minute timestamp: two versions of a time (raw/ and qc/
 * folders, or a name stored twice) would be averaged silently into the frames and statistics.
 */
function checkOneImagePerTime(zipPath, entries) {
    const seen = new Map();
    for (const e of entries) {
        const key = imageTime(e.name) ?? e.name;
        const first = seen.get(key);
        if (first !== undefined) {
            throw new SsdpError('E_RADAR_DUPLICATE_TIME', `${zipPath} holds two images for ${key} (${first}${first === e.name ? ', stored twice' : ` and ${e.name}`}); a day holds at most one image per timestamp.`, {
                hint: 'Keep one version of each image (e.g. only the qc/ folder) in the archive, or download the day again.',
            });
        }
        seen.set(key, e.name);
    }
}
/**
 * A `YYYY-MM-DD.zip` must hold that day's images only: images of other days would be binned into
 * its frames (time running backwards in the GIF) and counted in the statistics. Returns the entries
 * to use: all of them, or with `otherDays: 'skip'` the day's own.
 */
function checkDay(zipPath, entries, opts) {
    const day = /(\d{4}-\d{2}-\d{2})\.zip$/.exec(basename(zipPath))?.[1];
    if (!day)
        return entries;
    const perDay = new Map();
    for (const e of entries) {
        const d = imageTime(e.name)?.slice(0, 10);
        if (d)
            perDay.set(d, (perDay.get(d) ?? 0) + 1);
    }
    const others = [...perDay.keys()].filter((d) => d !== day).sort();
    if (others.length === 0)
        return entries;
    const found = [...perDay.entries()].sort().map(([d, n]) => `${n} from ${d}`).join(', ');
    if (!perDay.has(day)) {
        throw new SsdpError('E_RADAR_WRONG_DAY', `${zipPath} holds images from ${others[0]}${others.length > 1 ? ` to ${others.at(-1)}` : ''} (${found}), none from ${day}.`, {
            hint: 'The file was renamed or mixed up with another day: delete it and download or generate the day again.',
        });
    }
    if (opts.otherDays !== 'skip') {
        throw new SsdpError('E_RADAR_MIXED_DAYS', `${zipPath} holds images of ${perDay.size} days (${found}); a day's archive must hold that day's images only.`, {
            hint: `Split the archive into one YYYY-MM-DD.zip per day, or pass --on-missing skip to use only the images of ${day} from it.`,
        });
    }
    const own = entries.filter((e) => imageTime(e.name)?.slice(0, 10) === day || imageTime(e.name) === undefined);
    opts.warn?.(`${zipPath} also holds images of ${others.join(', ')} (${found}): used only the ${own.length} of ${day}`);
    return own;
}
/** All images of a day archive, in time order. */
export async function readDay(zipPath, opts = {}) {
    const images = [];
    await forEachImage(zipPath, (img) => images.push(img), opts);
    return images;
}
/** Images per frame when `n` images go into `nFrames` bins of consecutive images. */
export function frameSizes(n, nFrames = 8) {
    const base = Math.floor(n / nFrames), rest = n % nFrames;
    return Array.from({ length: nFrames }, (_, i) => base + (i < rest ? 1 : 0));
}
/** `image[:-1:2, :-1:2]` of a full composite's pixel values. */
export function subsample(pixels, out = new Uint8Array(SUB_PIXELS)) {
    for (let r = 0, o = 0; r < SUB_HEIGHT; r++) {
        const row = 2 * r * WIDTH;
        for (let c = 0; c < SUB_WIDTH; c++)
            out[o++] = pixels[row + 2 * c];
    }
    return out;
}
/**
 * Accumulates frames and statistics image by image. Frame sums are float32 added in image order,
 * exactly as NumPy's `mean(axis=0)` over a float32 stack does, so frames match the notebook's
 * bit for bit; statistics use float64 (see stats.ts).
 */
export class DayAccumulator {
    total;
    nFrames;
    sizes;
    frames;
    partial = emptyPartial(SUB_PIXELS);
    lut = rainRateLut();
    binOf;
    seen = 0;
    constructor(total, nFrames = 8) {
        this.total = total;
        this.nFrames = nFrames;
        this.sizes = frameSizes(total, nFrames);
        this.frames = new Float32Array(nFrames * SUB_PIXELS);
        this.binOf = new Int32Array(total);
        let i = 0;
        this.sizes.forEach((s, f) => {
            for (let k = 0; k < s; k++)
                this.binOf[i++] = f;
        });
    }
    /** Folds the next image (full 471 x 887 pixel values) in. */
    add(pixels) {
        if (pixels.length !== PIXELS)
            throw new Error(`DayAccumulator.add: ${pixels.length} pixels, ${PIXELS} expected`);
        if (this.seen >= this.total)
            throw new Error('DayAccumulator.add: more images than announced');
        const lut = this.lut;
        const acc = this.frames.subarray(this.binOf[this.seen] * SUB_PIXELS, (this.binOf[this.seen] + 1) * SUB_PIXELS);
        const { count, mean, m2, min, max } = this.partial;
        this.seen++;
        for (let r = 0, o = 0; r < SUB_HEIGHT; r++) {
            const row = 2 * r * WIDTH;
            for (let c = 0; c < SUB_WIDTH; c++, o++) {
                const x = pixels[row + 2 * c];
                const v = lut[x];
                acc[o] += v;
                if (x === NODATA)
                    continue;
                const n = ++count[o];
                const d = v - mean[o];
                const m = mean[o] + d / n;
                mean[o] = m;
                m2[o] += d * (v - m);
                if (v < min[o])
                    min[o] = v;
                if (v > max[o])
                    max[o] = v;
            }
        }
    }
    /** Divides the frame sums; call once after all images. Empty frames become NaN, as numpy's mean. */
    finish() {
        if (this.seen !== this.total)
            throw new Error(`DayAccumulator.finish: ${this.seen} of ${this.total} images added`);
        this.sizes.forEach((s, f) => {
            const fr = this.frames.subarray(f * SUB_PIXELS, (f + 1) * SUB_PIXELS);
            for (let i = 0; i < SUB_PIXELS; i++)
                fr[i] = fr[i] / s;
        });
        return this.frames;
    }
}
/** The day's frames from images already in memory (see `dayPartial` to stream from a zip). */
export function dayFrames(images, nFrames = 8) {
    const acc = new DayAccumulator(images.length, nFrames);
    for (const img of images)
        acc.add(img instanceof Uint8Array ? img : img.pixels);
    return acc.finish();
}
/** Reads a day archive once and returns its frames and partial statistics. */
export async function dayPartial(zipPath, opts = {}) {
    const nFrames = opts.nFrames ?? 8;
    let acc;
    const timestamps = [];
    const n = await forEachImage(zipPath, (img, _i, total) => {
        acc ??= new DayAccumulator(total, nFrames);
        acc.add(img.pixels);
        timestamps.push(img.time ?? img.name);
    }, opts);
    const frames = acc.finish();
    const frameTimes = [];
    let at = 0;
    for (const s of acc.sizes) {
        frameTimes.push(timestamps[Math.min(at, n - 1)]);
        at += s;
    }
    return { file: zipPath, frames, nFrames, frameTimes, frameSizes: acc.sizes, partial: acc.partial, timestamps, imageCount: n };
}
//# sourceMappingURL=day.js.map
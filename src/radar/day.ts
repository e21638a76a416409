/**
 * One day of composites, as the lecture's notebook processes it: the images in time order, binned
 * into frames of consecutive images (the first n mod 8 frames take one more), a plain mean per
 * frame, subsampled with `[:-1:2, :-1:2]`; and, in the same pass, the day's partial statistics of
 * every subsampled image. Pure functions of their inputs so graph workers can import and run them.
 */
import { basename } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { NODATA, PIXELS, SUB_HEIGHT, SUB_PIXELS, SUB_WIDTH, WIDTH } from './geometry.js';
import { decodeRadarImage, imageNameProblem, imageTime } from './radar-image.js';
import { rainRateLut } from './rain-rate.js';
import { emptyPartial, type StatsPartial } from './stats.js';
import { openZip, readEntry, type ZipEntry } from './zip-read.js';

export interface RadarImage {
  /** Entry name in the day archive, e.g. radar_2011010005.tif. */
  name: string;
  /** UTC time from the name (ISO), if it follows SMHI's naming. */
  time?: string;
  /** 471 x 887 pixel values, row-major. */
  pixels: Uint8Array;
}

export interface DayResult {
  /** The archive this came from. */
  file: string;
  /** Frames, each SUB_HEIGHT x SUB_WIDTH float32 rain rates, concatenated. */
  frames: Float32Array;
  nFrames: number;
  /** Time of each frame's first image (ISO), or the entry name where there is no time. */
  frameTimes: string[];
  /** Images per frame. */
  frameSizes: number[];
  /** Partial statistics over the day's subsampled images. */
  partial: StatsPartial;
  /** Time (or name) of every image, in order. */
  timestamps: string[];
  imageCount: number;
}

/**
 * The image entries of a day archive in time order; `__MACOSX/` resource forks are not images.
 * Sorted by the time in the name (names without one by name, after): `RADAR_...` and `radar_...`,
 * or images in two folders, do not sort by time as plain strings.
 */
function imageEntries(entries: ZipEntry[]): ZipEntry[] {
  return entries
    .filter((e) => /\.tiff?$/i.test(e.name) && !e.name.endsWith('/') && !/(^|\/)__MACOSX\//.test(e.name))
    .map((e) => ({ e, key: imageTime(e.name) ?? `~${e.name}` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.e.name < b.e.name ? -1 : a.e.name > b.e.name ? 1 : 0))
    .map(({ e }) => e);
}

export interface ReadDayOptions {
  /**
   * What images of other days in a `YYYY-MM-DD.zip`, and images there whose name gives no real
   * time, do: 'error' (default) refuses the archive, 'skip' leaves them out and says so in `warnings`.
   */
  otherDays?: 'error' | 'skip';
  /** Receives one line per thing left out. */
  warn?: (message: string) => void;
}

/**
 * Decodes every image of a day archive in time order and hands each to `fn` without keeping it, so
 * a day costs one image of memory. Returns the number of images.
 */
export async function forEachImage(
  zipPath: string,
  fn: (img: RadarImage, index: number, total: number) => void,
  opts: ReadDayOptions = {},
): Promise<number> {
  const zip = openZip(zipPath);
  let entries = imageEntries(zip.entries);
  if (entries.length === 0) {
    throw new SsdpError('E_RADAR_EMPTY_DAY', `${zipPath} holds no radar images (no .tif entries among its ${zip.entries.length} files).`, {
      hint: 'Delete the file and download or generate the day again.',
    });
  }
  const day = /(\d{4}-\d{2}-\d{2})\.zip$/.exec(basename(zipPath))?.[1];
  if (day) entries = checkImageNames(zipPath, entries, opts);
  checkOneImagePerTime(zipPath, entries);
  if (day) entries = checkDay(zipPath, day, entries, opts);
  // Errors name the zip with its folder: the same day name exists in many folders.
  const label = zipPath;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const pixels = await decodeRadarImage(readEntry(zip, e), label, e.name);
    fn({ name: e.name, time: imageTime(e.name), pixels }, i, entries.length);
  }
  return entries.length;
}

/**
 * A day holds at most one image per 5-minute timestamp: two versions of a time (raw/ and qc/
 * folders, or a name stored twice) would be averaged silently into the frames and statistics.
 */
function checkOneImagePerTime(zipPath: string, entries: ZipEntry[]): void {
  const seen = new Map<string, string>();
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
 * In a `YYYY-MM-DD.zip` every image carries SMHI's name with a real time: a frame is labelled with
 * its first image's time, and an image without one was binned by where its name sorted and then
 * failed the month's summary as "timestamp 0 is not a valid date", naming no file. Returns the
 * entries to use: all of them, or with `otherDays: 'skip'` those with a time (a warning says so).
 */
function checkImageNames(zipPath: string, entries: ZipEntry[], opts: ReadDayOptions): ZipEntry[] {
  const bad = entries.flatMap((e) => {
    const problem = imageNameProblem(e.name);
    return problem ? [{ e, problem }] : [];
  });
  if (bad.length === 0) return entries;
  const first = `${bad[0]!.e.name} ${bad[0]!.problem}${bad.length > 1 ? ` (and ${bad.length - 1} more image(s) without a real time, e.g. ${bad[1]!.e.name})` : ''}`;
  if (opts.otherDays !== 'skip') {
    throw new SsdpError('E_RADAR_BAD_IMAGE', `${zipPath}: ${first}; a day's archive holds SMHI's radar_YYMMDDHHMM.tif images (UTC time in the name).`, {
      hint: 'Rename the image to its UTC time (radar_YYMMDDHHMM.tif) or remove it from the archive, or pass --on-missing skip to leave such images out.',
    });
  }
  const left = new Set(bad.map((b) => b.e));
  const kept = entries.filter((e) => !left.has(e));
  if (kept.length === 0) {
    throw new SsdpError('E_RADAR_EMPTY_DAY', `${zipPath} holds no image with a real time in its name: ${first}.`, {
      hint: 'Rename the images to their UTC times (radar_YYMMDDHHMM.tif), or download or generate the day again.',
    });
  }
  opts.warn?.(`${zipPath}: left out ${bad.length} image(s) without a real time in the name: ${first}`);
  return kept;
}

/**
 * A `YYYY-MM-DD.zip` must hold that day's images only: images of other days would be binned into
 * its frames (time running backwards in the GIF) and counted in the statistics. Returns the entries
 * to use: all of them, or with `otherDays: 'skip'` the day's own.
 */
function checkDay(zipPath: string, day: string, entries: ZipEntry[], opts: ReadDayOptions): ZipEntry[] {
  const perDay = new Map<string, number>();
  for (const e of entries) {
    const d = imageTime(e.name)?.slice(0, 10);
    if (d) perDay.set(d, (perDay.get(d) ?? 0) + 1);
  }
  const others = [...perDay.keys()].filter((d) => d !== day).sort();
  if (others.length === 0) return entries;
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
  const own = entries.filter((e) => imageTime(e.name)?.slice(0, 10) === day);
  opts.warn?.(`${zipPath} also holds images of ${others.join(', ')} (${found}): used only the ${own.length} of ${day}`);
  return own;
}

/** All images of a day archive, in time order. */
export async function readDay(zipPath: string, opts: ReadDayOptions = {}): Promise<RadarImage[]> {
  const images: RadarImage[] = [];
  await forEachImage(zipPath, (img) => images.push(img), opts);
  return images;
}

/** Images per frame when `n` images go into `nFrames` bins of consecutive images. */
export function frameSizes(n: number, nFrames = 8): number[] {
  const base = Math.floor(n / nFrames), rest = n % nFrames;
  return Array.from({ length: nFrames }, (_, i) => base + (i < rest ? 1 : 0));
}

/** `image[:-1:2, :-1:2]` of a full composite's pixel values. */
export function subsample(pixels: Uint8Array, out = new Uint8Array(SUB_PIXELS)): Uint8Array {
  for (let r = 0, o = 0; r < SUB_HEIGHT; r++) {
    const row = 2 * r * WIDTH;
    for (let c = 0; c < SUB_WIDTH; c++) out[o++] = pixels[row + 2 * c]!;
  }
  return out;
}

/**
 * Accumulates frames and statistics image by image. Frame sums are float32 added in image order,
 * exactly as NumPy's `mean(axis=0)` over a float32 stack does, so frames match the notebook's
 * bit for bit; statistics use float64 (see stats.ts).
 */
export class DayAccumulator {
  readonly sizes: number[];
  readonly frames: Float32Array;
  readonly partial: StatsPartial = emptyPartial(SUB_PIXELS);
  private readonly lut = rainRateLut();
  private readonly binOf: Int32Array;
  private seen = 0;

  constructor(readonly total: number, readonly nFrames = 8) {
    this.sizes = frameSizes(total, nFrames);
    this.frames = new Float32Array(nFrames * SUB_PIXELS);
    this.binOf = new Int32Array(total);
    let i = 0;
    this.sizes.forEach((s, f) => {
      for (let k = 0; k < s; k++) this.binOf[i++] = f;
    });
  }

  /** Folds the next image (full 471 x 887 pixel values) in. */
  add(pixels: Uint8Array): void {
    if (pixels.length !== PIXELS) throw new Error(`DayAccumulator.add: ${pixels.length} pixels, ${PIXELS} expected`);
    if (this.seen >= this.total) throw new Error('DayAccumulator.add: more images than announced');
    const lut = this.lut;
    const acc = this.frames.subarray(this.binOf[this.seen]! * SUB_PIXELS, (this.binOf[this.seen]! + 1) * SUB_PIXELS);
    const { count, mean, m2, min, max } = this.partial;
    this.seen++;
    for (let r = 0, o = 0; r < SUB_HEIGHT; r++) {
      const row = 2 * r * WIDTH;
      for (let c = 0; c < SUB_WIDTH; c++, o++) {
        const x = pixels[row + 2 * c]!;
        const v = lut[x]!;
        acc[o]! += v;
        if (x === NODATA) continue;
        const n = ++count[o]!;
        const d = v - mean[o]!;
        const m = mean[o]! + d / n;
        mean[o] = m;
        m2[o]! += d * (v - m);
        if (v < min[o]!) min[o] = v;
        if (v > max[o]!) max[o] = v;
      }
    }
  }

  /** Divides the frame sums; call once after all images. Empty frames become NaN, as numpy's mean. */
  finish(): Float32Array {
    if (this.seen !== this.total) throw new Error(`DayAccumulator.finish: ${this.seen} of ${this.total} images added`);
    this.sizes.forEach((s, f) => {
      const fr = this.frames.subarray(f * SUB_PIXELS, (f + 1) * SUB_PIXELS);
      for (let i = 0; i < SUB_PIXELS; i++) fr[i] = fr[i]! / s;
    });
    return this.frames;
  }
}

/** The day's frames from images already in memory (see `dayPartial` to stream from a zip). */
export function dayFrames(images: Array<Uint8Array | RadarImage>, nFrames = 8): Float32Array {
  const acc = new DayAccumulator(images.length, nFrames);
  for (const img of images) acc.add(img instanceof Uint8Array ? img : img.pixels);
  return acc.finish();
}

/** Reads a day archive once and returns its frames and partial statistics. */
export async function dayPartial(zipPath: string, opts: { nFrames?: number } & ReadDayOptions = {}): Promise<DayResult> {
  const nFrames = opts.nFrames ?? 8;
  let acc: DayAccumulator | undefined;
  const timestamps: string[] = [];
  const n = await forEachImage(zipPath, (img, _i, total) => {
    acc ??= new DayAccumulator(total, nFrames);
    acc.add(img.pixels);
    timestamps.push(img.time ?? img.name);
  }, opts);
  const frames = acc!.finish();
  const frameTimes: string[] = [];
  let at = 0;
  for (const s of acc!.sizes) {
    frameTimes.push(timestamps[Math.min(at, n - 1)]!);
    at += s;
  }
  return { file: zipPath, frames, nFrames, frameTimes, frameSizes: acc!.sizes, partial: acc!.partial, timestamps, imageCount: n };
}

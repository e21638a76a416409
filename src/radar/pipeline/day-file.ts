/**
 * A processed day on disk: its frames and partial statistics in one binary file, so the month
 * step merges days without holding them all, and finished days survive an interrupted run.
 * Layout: "SSDPDAY1", uint32 header length, JSON header, padding to 8 bytes, then the arrays.
 */
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SsdpError } from '../../util/errors.js';
import type { DayResult } from '../day.js';
import type { StatsPartial } from '../stats.js';

const MAGIC = 'SSDPDAY1';

interface Header {
  day: string;
  file: string;
  nFrames: number;
  frameTimes: string[];
  frameSizes: number[];
  timestamps: string[];
  imageCount: number;
  size: number;
  /** Whether the zip carries ssdp's synthetic mark: the data is labelled by what it is, not by `source`. */
  synthetic?: boolean;
  /** Warnings about the day (e.g. other days' images left out), kept so an up-to-date re-run still reports them. */
  warnings?: string[];
}

export interface StoredDay extends Omit<DayResult, 'partial'> {
  day: string;
  synthetic?: boolean;
  warnings?: string[];
  partial: StatsPartial;
}

const align8 = (n: number) => (n + 7) & ~7;

export function writeDayFile(path: string, day: string, r: DayResult, about: { synthetic?: boolean; warnings?: string[] } = {}): void {
  const header: Header = {
    day,
    file: r.file,
    nFrames: r.nFrames,
    frameTimes: r.frameTimes,
    frameSizes: r.frameSizes,
    timestamps: r.timestamps,
    imageCount: r.imageCount,
    size: r.partial.size,
    synthetic: about.synthetic,
    warnings: about.warnings ?? [],
  };
  const json = Buffer.from(JSON.stringify(header));
  const head = Buffer.alloc(align8(12 + json.length));
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length, 8);
  json.copy(head, 12);
  const p = r.partial;
  // float64 arrays first so every array starts at a multiple of its element size.
  const parts = [head, p.mean, p.m2, r.frames, p.count, p.min, p.max].map((a) =>
    Buffer.isBuffer(a) ? a : Buffer.from(a.buffer, a.byteOffset, a.byteLength),
  );
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, Buffer.concat(parts));
  renameSync(tmp, path);
}

export function readDayFile(path: string): StoredDay {
  const buf = readFileSync(path);
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== MAGIC) {
    throw new SsdpError('E_RADAR_BAD_PARTIAL', `${path} is not a processed day file (it may be from an interrupted run).`, {
      hint: 'Run the pipeline with --force, or delete that file, to process the day again.',
    });
  }
  const h = JSON.parse(buf.toString('utf8', 12, 12 + buf.readUInt32LE(8))) as Header;
  let at = align8(12 + buf.readUInt32LE(8));
  // Copy into a fresh, aligned buffer: views need offsets that are multiples of element sizes.
  const body = new Uint8Array(buf.length - at);
  body.set(buf.subarray(at));
  at = 0;
  const take = <T>(Ctor: { new (b: ArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number }, n: number): T => {
    const view = new Ctor(body.buffer, at, n);
    at += n * Ctor.BYTES_PER_ELEMENT;
    return view;
  };
  const size = h.size;
  const mean = take(Float64Array, size);
  const m2 = take(Float64Array, size);
  const frames = take(Float32Array, size * h.nFrames);
  const count = take(Uint32Array, size);
  const min = take(Float32Array, size);
  const max = take(Float32Array, size);
  if (at !== body.length) {
    throw new SsdpError('E_RADAR_BAD_PARTIAL', `${path} has ${body.length - at} bytes more or less than its header announces.`, {
      hint: 'Delete it and run the pipeline again.',
    });
  }
  // A frame without a real time would reach the month's outputs as an invalid date naming no file.
  const untimed = h.frameTimes.findIndex((t) => Number.isNaN(Date.parse(t)));
  if (untimed >= 0) {
    throw new SsdpError('E_RADAR_BAD_PARTIAL', `${path}: frame ${untimed + 1} of ${h.file} has no time ('${h.frameTimes[untimed]}' is an image name, not a time).`, {
      hint: 'Run the pipeline with --force to process the day again: its images are checked for SMHI names (radar_YYMMDDHHMM.tif) with real times.',
    });
  }
  return { ...h, frames, partial: { size, count, mean, m2, min, max } };
}

/**
 * writeOutputs: everything the radar pipeline leaves in its output folder, written atomically.
 * Order: the big streams first (GIF and frames.npy, interleaved so disk writes of one overlap
 * the encoding of the other), then the per-statistic files, then summary.json and report.html
 * last, so a folder with a report is a folder whose other outputs are complete.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SsdpError } from '../../util/errors.js';
import { RAIN_SCALE, type LogScale } from './colormap.js';
import { SUBSAMPLED_GEO } from './geo.js';
import { encodeTiff } from '../tiff-write.js';
import { writeRadarGif } from './gif.js';
import { compositingWarning, dataOrigin, dataOriginOfDays, frameLabel, inferFrameMinutes, periodLabel } from './labels.js';
import { writeStatMap } from './maps.js';
import { createNpyWriter, writeNpy } from './npy.js';
import { renderReport } from './report.js';
import { removeStaleTemps, writeFileAtomic } from '../../util/atomic-file.js';
import {
  STAT_NAMES,
  STAT_TITLES,
  type OutputFile,
  type OutputsResult,
  type StageTiming,
  type SummaryJson,
  type ValueRange,
  type WriteOutputsOptions,
  type StatName,
  type RunSummary,
  type PictureGeometry,
} from './types.js';


const DESCRIPTIONS: Record<string, string> = {
  'radar.gif': 'animation of all frames',
  'frames.npy': 'frames, float32 (frames, rows, cols)',
  'summary.json': 'run summary',
  'report.html': 'this report',
};

export async function writeOutputs(o: WriteOutputsOptions): Promise<OutputsResult> {
  const t0 = performance.now();
  const rows = o.rows ?? 443, cols = o.cols ?? 235;
  const geo = o.geo ?? SUBSAMPLED_GEO;
  validate(o, rows, cols);
  await mkdir(o.outDir, { recursive: true });
  await removeStaleTemps(o.outDir);

  const n = o.frames.length;
  const total = 2 * n + 3 * STAT_NAMES.length + 2;
  let done = 0;
  const tick = (step: string, units = 1) => {
    done += units;
    o.onProgress?.({ step, done, total });
  };
  const files: OutputFile[] = [];
  const timed = async <T>(name: string, fn: () => Promise<{ bytes: number } & T>): Promise<T> => {
    const s = performance.now();
    const r = await fn();
    files.push({ name, bytes: r.bytes, seconds: (performance.now() - s) / 1000, description: DESCRIPTIONS[name] ?? describe(name) });
    return r;
  };

  const frameMinutes = o.frameMinutes ?? inferFrameMinutes(o.timestamps);
  const labels = o.timestamps.map((t) => frameLabel(t, frameMinutes));
  const last = new Date(o.timestamps[n - 1]!.getTime() + frameMinutes * 60_000);
  const origin = o.summary?.dataOrigin ? dataOriginOfDays(o.summary.dataOrigin) : dataOrigin(o.summary?.parameters?.['source']);
  const period = periodLabel(o.timestamps[0]!, last);
  const warnings = [...(o.summary?.warnings ?? []), compositingWarning(o.timestamps[0]!, o.timestamps[n - 1]!)].filter((w): w is string => w !== undefined);
  const gifScale = o.gifScale ?? RAIN_SCALE;
  const frameRange = newRange();

  // settle both before failing, so no writer is still running when the error reaches the caller
  const [gifDone, npyDone] = await Promise.allSettled([
    timed('radar.gif', () =>
      writeRadarGif({ path: join(o.outDir, 'radar.gif'), frames: o.frames, labels, cols, rows, delayCs: o.delayCs ?? 5, mapScale: o.gifMapScale ?? 1, scale: gifScale, geo, subtitle: `rain rate, mm/h \u00b7 ${origin.short}`, onFrame: () => tick('radar.gif') }),
    ),
    timed('frames.npy', async () => {
      const w = await createNpyWriter(join(o.outDir, 'frames.npy'), '<f4', [rows, cols]);
      try {
        for (const f of o.frames) {
          addRange(frameRange, f);
          await w.append(f);
          tick('frames.npy');
        }
        await w.close();
      } catch (e) {
        await w.abort();
        throw e;
      }
      return { bytes: 128 + n * rows * cols * 4 };
    }),
  ]);
  if (gifDone.status === 'rejected') throw gifDone.reason;
  if (npyDone.status === 'rejected') throw npyDone.reason;
  const gif = gifDone.value;

  const statRanges = {} as Record<StatName, ValueRange & { colorScale: LogScale }>;
  const picture = (width: number, height: number, l: { mapX: number; mapY: number; mapScale: number }): PictureGeometry => ({ width, height, mapX: l.mapX, mapY: l.mapY, mapScale: l.mapScale });
  const pictures: Record<string, PictureGeometry> = { 'radar.gif': picture(gif.width, gif.height, gif.layout) };
  for (const name of STAT_NAMES) {
    const field = o.stats[name];
    const npyBytes = 128 + field.byteLength;
    await timed(`${name}.npy`, async () => {
      await writeNpy(join(o.outDir, `${name}.npy`), field, [rows, cols]);
      return { bytes: npyBytes };
    });
    tick(`${name}.npy`);
    await timed(`${name}.tif`, async () => {
      const tif = encodeTiff({ width: cols, height: rows, data: field, geo, nodata: NaN });
      await writeFileAtomic(join(o.outDir, `${name}.tif`), tif);
      return { bytes: tif.byteLength };
    });
    tick(`${name}.tif`);
    const map = await timed(`${name}.png`, () => writeStatMap({ path: join(o.outDir, `${name}.png`), field, cols, rows, geo, title: STAT_TITLES[name], subtitle: `${period} \u00b7 ${origin.short}`, mapScale: o.mapScale ?? 2 }));
    tick(`${name}.png`);
    pictures[`${name}.png`] = picture(map.width, map.height, map.layout);
    const r = newRange();
    addRange(r, field);
    statRanges[name] = { ...finishRange(r), colorScale: map.scale };
  }

  const s = o.summary ?? {};
  const { parameters, daysUsed, daysSkipped, imageCount, timings, dataOrigin: days, warnings: _dayWarnings, ...rest } = s;
  const runTimings = normaliseTimings(timings);
  const outputTimings: StageTiming[] = files.map((f) => ({ stage: `write ${f.name}`, seconds: round(f.seconds) }));
  const writeTotal = () => ({ stage: 'write outputs (total)', seconds: round((performance.now() - t0) / 1000) });
  const skipped = (daysSkipped ?? []).map((d) => (typeof d === 'string' ? { day: d } : d));
  const summary: SummaryJson = {
    generatedAt: new Date().toISOString(),
    source: { parameter: typeof parameters?.['source'] === 'string' ? parameters['source'] : null, description: origin.long, ...(days ? { days } : {}) },
    warnings,
    parameters: parameters ?? {},
    days: { used: daysUsed ?? [], skipped },
    counts: { frames: n, images: imageCount ?? null, daysUsed: daysUsed?.length ?? 0, daysSkipped: skipped.length },
    period: { firstFrameStart: o.timestamps[0]!.toISOString(), lastFrameEnd: last.toISOString(), frameMinutes, label: period },
    grid: { rows, cols, crs: `EPSG:${geo.epsg}`, ...geo },
    valueRanges: { frames: finishRange(frameRange), ...statRanges },
    pictures,
    gif: { file: 'radar.gif', frames: n, framesPerSecond: 100 / (o.delayCs ?? 5), width: gif.width, height: gif.height, colorScale: gifScale },
    timings: [...runTimings, ...outputTimings, writeTotal()],
    outputs: [
      ...files.map((f) => ({ file: f.name, bytes: f.bytes, description: f.description })),
      { file: 'summary.json', bytes: null, description: DESCRIPTIONS['summary.json']! },
      { file: 'report.html', bytes: null, description: DESCRIPTIONS['report.html']! },
    ],
    run: rest,
  };

  await timed('summary.json', async () => {
    summary.timings[summary.timings.length - 1] = writeTotal();
    const text = JSON.stringify(summary, null, 2) + '\n';
    await writeFileAtomic(join(o.outDir, 'summary.json'), text);
    return { bytes: Buffer.byteLength(text) };
  });
  tick('summary.json');
  await timed('report.html', async () => {
    const html = renderReport(summary);
    await writeFileAtomic(join(o.outDir, 'report.html'), html);
    return { bytes: Buffer.byteLength(html) };
  });
  tick('report.html');

  return {
    outDir: o.outDir,
    files,
    timings: [...files.map((f) => ({ stage: f.name, seconds: f.seconds })), { stage: 'total', seconds: (performance.now() - t0) / 1000 }],
    summary,
  };
}

function describe(name: string): string {
  const [stat, ext] = name.split('.');
  if (ext === 'npy') return `${stat}, float32 (rows, cols)`;
  if (ext === 'tif') return `${stat}, float32 GeoTIFF`;
  if (ext === 'png') return `${stat} map`;
  return '';
}

function validate(o: WriteOutputsOptions, rows: number, cols: number): void {
  const size = rows * cols;
  const fail = (msg: string) => {
    throw new SsdpError('E_OUTPUTS_INPUT', msg, { hint: `writeOutputs expects frames and statistics of ${rows} x ${cols} float32 values and one timestamp per frame.` });
  };
  if (o.frames.length === 0) fail('there are no frames to write (were all days skipped?)');
  if (o.timestamps.length !== o.frames.length) fail(`got ${o.frames.length} frames but ${o.timestamps.length} timestamps`);
  o.frames.forEach((f, i) => {
    if (!(f instanceof Float32Array) || f.length !== size) fail(`frame ${i} has ${f.length} values, expected ${rows} x ${cols} = ${size}`);
  });
  o.timestamps.forEach((t, i) => {
    if (!(t instanceof Date) || Number.isNaN(t.getTime())) fail(`timestamp ${i} is not a valid date`);
  });
  for (const name of STAT_NAMES) {
    const f = o.stats[name];
    if (!(f instanceof Float32Array) || f.length !== size) fail(`statistic ${name} has ${f?.length ?? 'no'} values, expected ${size}`);
  }
}

interface RangeAcc { min: number; max: number; sum: number; count: number; nan: number }
const newRange = (): RangeAcc => ({ min: Infinity, max: -Infinity, sum: 0, count: 0, nan: 0 });

function addRange(r: RangeAcc, a: Float32Array): void {
  let min = r.min, max = r.max, sum = 0, count = 0, nan = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v === v) {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      count++;
    } else nan++;
  }
  r.min = min; r.max = max; r.sum += sum; r.count += count; r.nan += nan;
}

function finishRange(r: RangeAcc): ValueRange {
  return r.count === 0
    ? { min: null, max: null, mean: null, nan: r.nan, count: 0 }
    : { min: r.min, max: r.max, mean: r.sum / r.count, nan: r.nan, count: r.count };
}

function normaliseTimings(t: RunSummary['timings']): StageTiming[] {
  if (!t) return [];
  if (Array.isArray(t)) return t.map((x) => ({ stage: String(x.stage), seconds: round(Number(x.seconds)) }));
  return Object.entries(t).map(([stage, seconds]) => ({ stage, seconds: round(Number(seconds)) }));
}

const round = (s: number) => Math.round(s * 1000) / 1000;

/**
 * The radar pipeline's steps as workflow functions (`ssdp:radar/pipeline#...` in ssdp.yaml). Each
 * runs in a worker process inside the workflow's env; they talk through files so finished days
 * stay done when a run is interrupted.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { SsdpError, isSsdpError } from '../../util/errors.js';
import { dayPartial } from '../day.js';
import { dayFile } from '../days.js';
import { mergePartials, finalizeStats, type StatsPartial } from '../stats.js';
import { isSyntheticZip, writeSyntheticDay } from '../synthetic.js';
import { downloadSmhiDay, verifyZip } from '../smhi.js';
import { SUB_HEIGHT, SUB_WIDTH, SUB_PIXELS } from '../geometry.js';
import { readDayFile, writeDayFile } from './day-file.js';
import type { TaskContext } from '../../workflow/types.js';
import { performanceReportFile } from '../../dashboard/report-file.js';

type OnMissing = 'error' | 'skip';

function onMissingOf(v: unknown): OnMissing {
  if (v === undefined || v === 'error' || v === 'skip') return (v ?? 'error') as OnMissing;
  throw new SsdpError('E_BAD_PARAM', `on-missing must be 'error' or 'skip', not '${String(v)}'.`);
}

const abs = (ctx: TaskContext | undefined, p: string) => resolve(ctx?.root ?? process.cwd(), p);

export interface DayOutcome {
  day: string;
  skipped?: string;
  partial?: string;
  images?: number;
  seconds?: number;
  /** The node that processed the day (the env's own when it pins one). */
  node?: string;
}

export interface FetchArgs {
  source: string;
  day: string;
  dir: string;
  seed?: string | number;
  url?: string;
  imagesPerDay?: string | number;
  onMissing?: string;
}

/** Makes sure `dir/DAY.zip` exists: synthesised, downloaded from SMHI, or (local) already there. */
export async function fetchDay(args: FetchArgs, ctx?: TaskContext): Promise<DayOutcome> {
  const dir = abs(ctx, args.dir);
  const onMissing = onMissingOf(args.onMissing);
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new SsdpError('E_RADAR_DATA_NOT_DIR', `the data folder ${dir} is a file, not a folder.`, {
      hint: 'Pass the folder holding the YYYY-MM-DD.zip archives: --param data=DIR (for one archive, its folder).',
    });
  }
  if (args.source === 'synthetic') {
    const seed = Number(args.seed ?? 1);
    if (!Number.isInteger(seed)) throw new SsdpError('E_BAD_PARAM', `seed must be a whole number, not '${String(args.seed)}'.`);
    writeSyntheticDay({ dir, date: args.day, seed, imagesPerDay: args.imagesPerDay === undefined ? undefined : Number(args.imagesPerDay) });
    return { day: args.day };
  }
  if (args.source === 'smhi') {
    try {
      await downloadSmhiDay(args.day, { dir, baseUrl: args.url || undefined });
      return { day: args.day };
    } catch (e) {
      if (onMissing === 'skip' && isSsdpError(e)) {
        ctx?.warn(`left out ${args.day}: ${e.message}`);
        ctx?.skip(e.message);
        return { day: args.day, skipped: e.message };
      }
      throw e;
    }
  }
  if (args.source === 'local') {
    const path = dayFile(dir, args.day);
    if (existsSync(path)) return { day: args.day };
    const message = `${path} is missing: the data folder has no archive for ${args.day}.`;
    if (onMissing === 'skip') {
      ctx?.warn(`left out ${args.day}: ${message}`);
      ctx?.skip(message);
      return { day: args.day, skipped: message };
    }
    throw new SsdpError('E_RADAR_MISSING_DAY', message, { hint: 'Add that day, choose other dates (--param start=, days=), or pass --on-missing skip to leave missing days out.' });
  }
  throw new SsdpError('E_BAD_PARAM', `source must be synthetic, smhi or local, not '${args.source}'.`, { hint: 'e.g. --param source=synthetic' });
}

export interface ProcessArgs {
  zip: string;
  partial: string;
  day: string;
  onMissing?: string;
}

/** One day: rain rates, 8 mean frames (subsampled), and its partial statistics, stored in one file. */
export async function processDay(args: ProcessArgs, ctx?: TaskContext): Promise<DayOutcome> {
  const zip = abs(ctx, args.zip);
  const out = abs(ctx, args.partial);
  const onMissing = onMissingOf(args.onMissing);
  const t0 = performance.now();
  try {
    if (!existsSync(zip)) {
      throw new SsdpError('E_RADAR_MISSING_DAY', `${zip} is missing: there is no archive for ${args.day}.`, {
        hint: 'Pass --on-missing skip to leave missing days out.',
      });
    }
    if (onMissing === 'skip') verifyZip(zip);
    // With skip, a zip that also holds other days' images gives its own day's, said in a warning.
    const warnings: string[] = [];
    const r = await dayPartial(zip, { otherDays: onMissing, warn: (m) => { warnings.push(m); ctx?.warn(m); } });
    writeDayFile(out, args.day, r, { synthetic: isSyntheticZip(zip), warnings });
    // A day allocates ~300 short-lived image buffers outside the JS heap; a worker started with
    // --expose-gc returns them at once instead of carrying them into the next day.
    (globalThis as { gc?: () => void }).gc?.();
    return { day: args.day, partial: out, images: r.imageCount, seconds: (performance.now() - t0) / 1000, node: process.version };
  } catch (e) {
    if (onMissing === 'skip' && isSsdpError(e)) {
      rmSync(out, { force: true });
      ctx?.warn(`left out ${args.day}: ${e.message}`);
      ctx?.skip(e.message);
      return { day: args.day, skipped: e.message };
    }
    throw e;
  }
}

export interface SummarizeArgs {
  out: string;
  [param: string]: unknown;
}

/** The month: merged statistics, all frames, and every output file (GIF, maps, npy, GeoTIFF, report). */
export async function summarize(args: SummarizeArgs, ctx?: TaskContext): Promise<Record<string, unknown>> {
  const outDir = abs(ctx, args.out);
  const days = ((ctx?.deps.day ?? []) as DayOutcome[]).filter(Boolean);
  const used = days.filter((d) => d.partial);
  const skipped = days.filter((d) => d.skipped).map((d) => ({ day: d.day, reason: d.skipped! }));
  if (used.length === 0) {
    throw new SsdpError('E_RADAR_NO_DAYS', `No day could be processed${skipped.length ? ` (${skipped.length} left out)` : ''}, so there are no statistics to compute.`, {
      hint: 'Check the data folder and the start/days parameters.',
    });
  }
  const t0 = performance.now();
  let partial: StatsPartial | undefined;
  const frames: Float32Array[] = [];
  const timestamps: Date[] = [];
  let images = 0;
  let daySeconds = 0;
  const origin = { synthetic: 0, smhi: 0, user: 0 };
  const dayWarnings: string[] = [];
  for (const d of used) {
    const stored = readDayFile(d.partial!);
    // Partials from before the mark was recorded: ask the zip itself.
    const synthetic = stored.synthetic ?? isSyntheticZip(stored.file);
    // An unmarked zip is an SMHI download only when this run's smhi step fetched it; else it is the user's.
    origin[synthetic ? 'synthetic' : args['source'] === 'smhi' ? 'smhi' : 'user']++;
    dayWarnings.push(...(stored.warnings ?? []));
    partial = partial ? mergePartials(partial, stored.partial) : stored.partial;
    for (let f = 0; f < stored.nFrames; f++) {
      frames.push(stored.frames.slice(f * SUB_PIXELS, (f + 1) * SUB_PIXELS));
      timestamps.push(new Date(stored.frameTimes[f]!));
    }
    images += stored.imageCount;
    daySeconds += d.seconds ?? 0;
    (globalThis as { gc?: () => void }).gc?.();
  }
  const stats = finalizeStats(partial!);
  const mergeSeconds = (performance.now() - t0) / 1000;
  const params = Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'out'));
  const summary = {
    parameters: params,
    daysUsed: used.map((d) => d.day),
    daysSkipped: skipped,
    dataOrigin: origin,
    warnings: dayWarnings,
    imageCount: images,
    frames: frames.length,
    shape: [SUB_HEIGHT, SUB_WIDTH],
    runtime: { workers: [...new Set(used.map((d) => d.node))], summarize: process.version, env: process.env.SSDP_PREFIX ?? null },
    timings: [
      { stage: 'read, convert and average days (sum over workers)', seconds: daySeconds },
      { stage: 'per image (mean)', seconds: images ? daySeconds / images : 0 },
      { stage: 'merge statistics', seconds: mergeSeconds },
    ],
    // written by ssdp run when the whole run ends, so it may appear only after this report
    ...(ctx ? { performanceReport: relative(outDir, performanceReportFile(ctx.root)) } : {}),
  };
  const { writeOutputs } = await import('../outputs/index.js');
  const t1 = performance.now();
  const written = await writeOutputs({ outDir, frames, timestamps, stats, summary });
  ctx?.log(`wrote ${join(outDir, 'radar.gif')} and the statistics in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  if (skipped.length) ctx?.warn(`${skipped.length} day(s) left out: ${skipped.map((s) => s.day).join(', ')}`);
  for (const w of written.summary.warnings) ctx?.warn(w);
  return { outDir, images, frames: frames.length, skipped: skipped.length, written };
}

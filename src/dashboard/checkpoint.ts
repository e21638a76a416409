/**
 * A run's performance report, rewritten while the run goes on, so a run killed outright (kill -9,
 * a lost node, the OOM killer) still leaves what it had recorded up to a few seconds before. The
 * run's final write replaces it; the static page shows a report written mid-run as "unfinished".
 *
 * The next run keeps such a report aside (`.unfinished.html`) before writing its own, so resuming
 * after a kill does not erase the only record of the killed run.
 */
import { existsSync, renameSync } from 'node:fs';
import { headOf } from '../util/replace-guard.js';
import { stat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Shortest time between two writes. */
export const CHECKPOINT_MS = 2000;
/**
 * A big state is written less often: the next write waits this many times as long as the last
 * took (wall time, so a loaded machine or a slow disk also spaces them out), up to MAX_MS.
 */
const SPACING = 50; // at most 2% of the run's main thread goes to rewriting its report
const MAX_MS = 15_000;

export interface Checkpoints {
  /** Stops writing; resolves once a write under way has landed (so it cannot replace a later one). */
  stop(): Promise<void>;
}

export function keepWriting(write: () => Promise<unknown>, everyMs = CHECKPOINT_MS): Checkpoints {
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let stopped = false;
  // The first write pays for loading the page template and the report code while the run starts
  // its workers: its time says nothing about the state's size (it put the second write ~5 s out,
  // so a short run killed in between left only the empty start-up report).
  let first = true;
  const once = (): void => {
    timer = undefined;
    const t0 = performance.now();
    writing = write().then(
      () => {
        const took = first ? 0 : performance.now() - t0;
        first = false;
        schedule(Math.min(MAX_MS, Math.max(everyMs, took * SPACING)));
      },
      // a report that cannot be written now (disk full) is retried later; the final write reports it
      () => schedule(everyMs),
    );
  };
  const schedule = (ms: number): void => {
    if (!stopped) timer = setTimeout(once, ms).unref();
  };
  once();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await writing;
    },
  };
}

/**
 * Free space a mid-run report leaves on its disk: a run's steps need the space more than a
 * report they can do without (the final one is still tried, and only warned about).
 */
const RESERVE_BYTES = 64 * 2 ** 20;

/**
 * Whether a mid-run report may be written to `file` now: the disk keeps RESERVE_BYTES free
 * after it (the new report taken as twice the last one, which it grows from). Unknown: yes.
 */
export async function roomForCheckpoint(file: string): Promise<boolean> {
  try {
    // .ssdp may not exist yet: the project folder is on the same disk
    const fs = await statfs(dirname(file)).catch(() => statfs(dirname(dirname(file))));
    const last = await stat(file).then((s) => s.size, () => 0);
    return fs.bavail * fs.bsize >= RESERVE_BYTES + 2 * last;
  } catch {
    return true;
  }
}

/** Marks the status of the run a report shows, in its head, for `unfinishedReport` to read without parsing the page. */
export const statusMeta = (status: string): string => `<meta name="ssdp-run-status" content="${status}">`;

/** Marks a page as ssdp's, in its head: a file without it is the user's and is not replaced. */
export const REPORT_MARK = '<meta name="generator" content="ssdp performance report">';

/** Whether `file` is a report ssdp wrote (reports from before REPORT_MARK carry only the status mark). */
export function isReport(file: string): boolean {
  const head = headOf(file);
  return head !== undefined && (head.includes(REPORT_MARK) || head.includes('<meta name="ssdp-run-status"'));
}

/**
 * Where an earlier run's unfinished report (written mid-run, never replaced by a final one) is
 * kept: beside `file`. Returns the new path, or undefined when `file` is missing or finished.
 */
export function keepUnfinished(file: string): string | undefined {
  const head = headOf(file);
  if (head === undefined) return undefined;
  // 'idle': written before the run's first step was even sent
  if (!head.includes(statusMeta('running')) && !head.includes(statusMeta('idle'))) return undefined;
  // a second killed run in a row keeps its report beside the first one's, not over it
  const base = file.replace(/\.html$/, '') + '.unfinished';
  let kept = `${base}.html`;
  for (let n = 2; existsSync(kept); n++) kept = `${base}-${n}.html`;
  renameSync(file, kept);
  return kept;
}

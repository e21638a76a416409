/**
 * `get(graph, keys, opts)`: the one entry every scheduler is reached through. Plans the graph
 * (cull, fuse, order), picks the executor, collects per-run statistics, and returns results in
 * the shape of `keys`.
 */
import { buildPlan, planIndexed, type IndexedGraph, type Plan } from './plan.js';
import { runPlan } from './scheduler.js';
import { cancelled } from './errors.js';
import { mainNotGuarded, noteComputeCallers, workerImporting } from './functions.js';
import { checkOptions } from './options.js';
import { isTask, keyKind } from './graph.js';
import type { RunHooks } from './hooks.js';
import type { GetOptions, Graph, Key, KeyTree, RunSummary, SchedulerName } from './types.js';
import { printLine, startProgress, type ProgressBar } from '../util/reporter.js';
import { activeExecutor, prestartWorkers } from './client.js';
import { withFutureResults } from './futures.js';
import type { Executor, ExecStats } from './executor.js';

export interface GetResult {
  results: unknown;
  summary: RunSummary;
}

/** Runs `graph` and returns the results of `keys`, shaped like `keys`. */
export async function get(graph: Graph, keys: KeyTree, opts: GetOptions = {}): Promise<unknown> {
  return (await runGraph(graph, keys, opts, !!opts.summary)).results;
}

/** @internal Like `get`, for tasks already indexed (delayed's compute of one placeholder). */
export async function getIndexed(tasks: IndexedGraph, key: Key, opts: GetOptions = {}): Promise<unknown> {
  return (await runGraph(tasks, key, opts, !!opts.summary)).results;
}

/** Like `get`, also returning the run summary (tasks, time per kind, peak memory). */
export function getWithSummary(graph: Graph, keys: KeyTree, opts: GetOptions = {}): Promise<GetResult> {
  return runGraph(graph, keys, opts, true);
}

/**
 * Like `get` for a list of keys, also telling `onResult` each key's raw result as soon as it is
 * computed (futures resolve one by one, not when the whole run ends).
 */
export function getEach(graph: Graph, keys: Key[], opts: GetOptions, onResult: (key: Key, value: unknown) => void, stop?: Promise<void>): Promise<GetResult> {
  return runGraph(graph, keys, opts, false, onResult, stop);
}

/** `stop`: resolving it ends the run at once with E_CANCELLED, its busy workers killed (a cancelled future's run). */
async function runGraph(source: Graph | IndexedGraph, keys: KeyTree, opts: GetOptions, wantTiming: boolean, onResult?: (key: Key, value: unknown) => void, stop?: Promise<void>): Promise<GetResult> {
  const importing = workerImporting();
  if (importing) throw mainNotGuarded(importing);
  noteComputeCallers();
  checkOptions(opts, 'get');
  prestartWorkers(opts);
  const fuse = { fuse: opts.optimize !== false };
  const plan = isIndexed(source) ? planIndexed(source, keys, fuse) : buildPlan(await withFutureResults(source), keys, fuse);
  const executor = activeExecutor(opts);
  await executor.observer?.ready?.();
  const t0 = performance.now();
  const kinds: RunSummary['kinds'] = {};
  let tasks = 0;
  let peakHeld = 0;
  let peakRss = process.memoryUsage.rss();
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  rssTimer.unref();
  const totalTasks = plan.units.reduce((a, u) => a + u.steps.length, 0);
  // Shown once a run lasts half a second, so short computes and pipes stay silent.
  const progress: ProgressBar = opts.progress === false
    ? { update() {}, stop() {} }
    : startProgress({ label: 'ssdp compute', total: totalTasks, unit: 'tasks', delayMs: 500, keep: true, force: opts.progress === true });
  let cancel = false;
  void stop?.then(() => (cancel = true));
  const observer = executor.observer;
  if (observer) {
    // a kindOf that throws fails the run, and the view says so
    let counts: ReturnType<typeof kindCounts> | undefined;
    let bad: unknown;
    try {
      counts = kindCounts(plan, observer.kindOf?.bind(observer) ?? keyKind);
    } catch (e) {
      bad = e;
    }
    observer.runStart({ kinds: counts?.kinds ?? {}, given: counts?.given, givenKinds: counts?.givenKinds, scheduler: executor.name, nWorkers: executor.nWorkers ?? 1 });
    if (counts === undefined) {
      observer.runEnd(bad);
      throw bad;
    }
  }
  const hooks: RunHooks = {
    observer,
    retries: opts.retries ?? 0,
    timing: wantTiming
      ? (key, ms) => {
          const k = (kinds[keyKind(key)] ??= { count: 0, totalMs: 0 });
          k.count++;
          k.totalMs += ms;
        }
      : observer
        ? () => {} // the workers then time each task, which the dashboard's task stream draws
        : undefined,
    progress(done, held) {
      tasks += done;
      if (held > peakHeld) peakHeld = held;
      progress.update(tasks);
    },
    cancelled: () => cancel,
    cancel: () => (cancel = true),
    cancelError: cancelled,
    stopped: stop,
    output: onResult && ((u, v) => onResult(plan.units[u]!.key, v)),
  };
  let unitResults: unknown[];
  let stats: ExecStats;
  try {
    ({ results: unitResults, stats } = await runPlan(plan, executor, hooks));
  } finally {
    clearInterval(rssTimer);
    progress.stop();
  }
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const summary: RunSummary = {
    scheduler: executor.name,
    nWorkers: stats.nWorkers,
    tasks,
    batches: stats.batches,
    wallMs: performance.now() - t0,
    kinds,
    peakRssBytes: peakRss,
    peakWorkerHeapBytes: stats.peakWorkerHeapBytes,
    peakHeldResults: peakHeld,
  };
  if (opts.summary) printLine(formatSummary(summary));
  return { results: shape(keys, plan, unitResults), summary };
}

function isIndexed(source: Graph | IndexedGraph): source is IndexedGraph {
  return source.idx instanceof Map && Array.isArray(source.names);
}

/** Tasks by kind; keys holding a value (a workflow's up-to-date step) apart, they are no tasks. */
function kindCounts(plan: Plan, kindOf: (key: string) => string): { kinds: Record<string, number>; given: Set<string>; givenKinds: Record<string, number> } {
  const kinds: Record<string, number> = {};
  const givenKinds: Record<string, number> = {};
  const given = new Set<string>();
  for (const u of plan.units) {
    for (const s of u.steps) {
      const kind = kindOf(s.key);
      const to = isTask(s.node) ? kinds : (given.add(s.key), givenKinds);
      to[kind] = (to[kind] ?? 0) + 1;
    }
  }
  return { kinds, given, givenKinds };
}

function shape(keys: KeyTree, plan: Plan, results: unknown[]): unknown {
  if (typeof keys === 'string') return results[plan.index.get(keys)!];
  return keys.map((k) => shape(k, plan, results));
}

export function formatSummary(s: RunSummary): string {
  const mb = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;
  const lines = [
    `ssdp compute: ${s.tasks} tasks on ${s.scheduler} (${s.nWorkers} worker${s.nWorkers === 1 ? '' : 's'}, ${s.batches} batches) in ${s.wallMs.toFixed(1)} ms`,
    `  peak memory: ${mb(s.peakRssBytes)} RSS here, ${mb(s.peakWorkerHeapBytes)} heap in a worker; at most ${s.peakHeldResults} results held`,
  ];
  const kinds = Object.entries(s.kinds).sort((a, b) => b[1].totalMs - a[1].totalMs);
  if (kinds.length) {
    lines.push('  time per task kind:');
    for (const [k, v] of kinds) lines.push(`    ${k.padEnd(24)} ${String(v.count).padStart(7)} tasks ${v.totalMs.toFixed(1).padStart(10)} ms total ${(v.totalMs / v.count).toFixed(3).padStart(9)} ms each`);
  }
  return lines.join('\n');
}

export type { SchedulerName, Executor };

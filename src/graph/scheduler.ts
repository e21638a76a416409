/**
 * The one scheduling loop, for every executor (dask's `get_async`): take ready units from the
 * scheduler state in batches, submit them, apply what comes back, until every unit is done. The
 * decisions live in state.ts's small pure transitions; the executor only runs batches.
 *
 * Batch sizing: a batch lasts about 2 ms of measured task time (one unit until the first
 * measurement, so a handful of slow tasks spread over all workers), and ready work is split over
 * the executor's width so no worker idles while another holds a long batch.
 */
import { transferables } from './wire.js';
import { initState, takeBatch, batchOf, completeUnits, finished, canHandOver, release, pickReady, type Batch, type SchedState } from './state.js';
import { taskErrorOfClass } from './errors.js';
import { sizeOf } from './events.js';
import type { Plan } from './plan.js';
import type { RunHooks } from './hooks.js';
import type { BatchRequest, BatchResult, ExecSession, ExecStats, Executor } from './executor.js';

const TARGET_BATCH_MS = 2;
const MAX_BATCH_UNITS = 2000;

/** Units in a batch when a unit takes `avgMs` (undefined: nothing measured yet, one unit). */
export function batchUnits(avgMs: number | undefined): number {
  return avgMs === undefined ? 1 : Math.max(1, Math.min(MAX_BATCH_UNITS, Math.floor(TARGET_BATCH_MS / Math.max(avgMs, 1e-4))));
}

/**
 * The running estimate of a unit's time after a batch measured `perUnit` ms a unit. A faster
 * batch is believed almost at once, a slower one by degrees. A fresh worker runs its first units
 * cold (~0.5 ms each where warm ones take ~1 us), and an even-handed average took ~20 round trips
 * to climb from there to full batches of tiny tasks; a slow batch (a GC pause, a worker
 * descheduled on a shared machine) still shrinks the next ones only gradually.
 */
export function nextUnitMs(avgMs: number | undefined, perUnit: number): number {
  if (avgMs === undefined) return perUnit;
  return perUnit < avgMs ? 0.2 * avgMs + 0.8 * perUnit : 0.7 * avgMs + 0.3 * perUnit;
}

/** Units this long (twice a batch's target) in two answers in a row: heavy tasks (array chunks, I/O). */
const LONG_UNIT_MS = 4;
/** Units this long in three answers in a row, past a worker's first two (cold), are worker-bound too. */
const SLOW_UNIT_MS = 0.1;
/** Ready work (estimated) a new worker must find: its start-up costs ~50-100 ms of CPU. */
const GROW_WORK_MS = 50;

/**
 * When an executor that may grow (the default pool starts with one worker) gets another: after
 * answers whose units kept their worker busy, with ready work waiting that is worth a worker's
 * start-up. The scheduler thread spends ~10-20 us on each unit, so a worker running units of
 * about that size is not what the run waits for, and a second one would only be fed more
 * slowly; units of a millisecond (array chunks, I/O) are. Times are wall times in the worker:
 * on a loaded machine one answer can be stretched by waiting for a core (a worker's first unit
 * of tiny tasks read 15 ms at load 26), so it takes answers in a row; that also never waits
 * more than two heavy units.
 */
export class GrowthRule {
  /** Answers seen per worker slot: a worker's first two run cold (JIT, first touches). */
  private readonly answers: number[] = [];
  private long = 0;
  private slow = 0;

  /** True when a worker should be added after a batch of `perUnit` ms a unit from `slot`. */
  afterBatch(slot: number, perUnit: number, readyUnits: number): boolean {
    const seen = (this.answers[slot] = (this.answers[slot] ?? 0) + 1);
    this.long = perUnit >= LONG_UNIT_MS ? this.long + 1 : 0;
    if (seen > 2) this.slow = perUnit >= SLOW_UNIT_MS ? this.slow + 1 : 0;
    if ((this.long < 2 && this.slow < 3) || readyUnits * perUnit < GROW_WORK_MS) return false;
    // the next worker needs evidence of its own
    this.long = this.slow = 0;
    return true;
  }
}

export interface RunPlanResult {
  /** Results by unit index (outputs are held; the rest were released). */
  results: unknown[];
  stats: ExecStats;
}

export async function runPlan(plan: Plan, executor: Executor, hooks: RunHooks): Promise<RunPlanResult> {
  let session: ExecSession;
  try {
    session = await executor.open(plan, hooks);
  } catch (e) {
    // the run ended before it began (a broker refusing the run's record): a report says it failed
    hooks.observer?.runEnd(e);
    throw e;
  }
  const state = initState(plan, { trackBuffers: session.transfers && hooks.retries === 0 });
  let failed = true;
  try {
    await loop(plan, state, session, hooks);
    await session.finalize(state.results, plan.outputs);
    failed = false;
    return { results: state.results, stats: session.stats() };
  } catch (e) {
    hooks.observer?.runEnd(e);
    throw e;
  } finally {
    await session.close(failed);
    if (!failed) hooks.observer?.runEnd();
  }
}

async function loop(plan: Plan, state: SchedState, session: ExecSession, hooks: RunHooks): Promise<void> {
  const inflight = new Map<Promise<Done>, Batch>();
  const attempts = new Map<number, number>();
  let avgMs: number | undefined;
  const obs = hooks.observer;
  type Done = { batch: Batch; r: BatchResult };
  const outputs = hooks.output ? new Set(plan.outputs) : undefined;
  let growth = session.grow ? new GrowthRule() : undefined;
  const submit = (batch: Batch): void => {
    const req = request(state, batch, session.transfers);
    if (obs) obs.batchSent(keysOf(plan, batch.units), sizeOf(req.inputValues));
    const p = session.submit(req).then((r) => ({ batch, r }));
    p.catch(() => {}); // the race below reports the first failure; later ones have nobody to tell
    inflight.set(p, batch);
  };
  while (!finished(state)) {
    if (hooks.cancelled()) throw hooks.cancelError();
    let slots = session.freeSlots(avgMs !== undefined && avgMs < 1);
    const ways = session.elastic ? Math.max(2, session.width) : session.width;
    while (slots-- > 0 && state.ready.size > 0) {
      const size = Math.max(1, Math.min(batchUnits(avgMs), Math.ceil(state.ready.size / ways)));
      submit(takeBatch(state, size, ways));
    }
    if (inflight.size === 0) throw new Error(`scheduler stalled: ${plan.units.length - state.done} units left, none ready or running`);
    const grew = session.widthGrew?.().then(() => undefined);
    const waits: Promise<Done | undefined>[] = [...inflight.keys()];
    if (grew) waits.push(grew);
    if (hooks.stopped) waits.push(hooks.stopped.then(() => undefined));
    const settled = await Promise.race(waits);
    if (settled === undefined) continue; // more workers now: give them work (or stopped: checked above)
    const { batch, r } = settled;
    for (const [p, b] of inflight) if (b === batch) inflight.delete(p);
    if (r.timings && hooks.timing) for (const [k, ms] of r.timings) hooks.timing(k, ms);
    if (r.done.length > 0 || !r.failure) {
      const perUnit = r.ms / Math.max(1, r.failure ? r.done.length : batch.units.length);
      avgMs = nextUnitMs(avgMs, perUnit);
      if (growth?.afterBatch(r.place?.slot ?? 0, perUnit, state.ready.size) && !session.grow!()) growth = undefined;
    }
    const returned = r.returned;
    if (obs) {
      obs.batchDone(r.place, keysOf(plan, batch.units), r.timings ?? [], r.done.reduce((a, u) => a + plan.units[u]!.steps.length, 0), sizeOf(r.values));
      if (r.failure) obs.taskFailed(r.place, r.failure.key, `${r.failure.name}: ${r.failure.message}`, r.failure.stack);
    }
    completeUnits(state, r.done, r.values, returned ? (i) => returned[i] === 1 : () => true);
    if (outputs) r.done.forEach((u, i) => outputs.has(u) && hooks.output!(u, r.values[i]));
    hooks.progress(r.done.reduce((a, u) => a + plan.units[u]!.steps.length, 0), state.held);
    let t0 = obs ? performance.now() : 0;
    for (let p = pickReady(state, r.done); p; p = pickReady(state, p.done)) {
      // picks run here, in the scheduler: a live view still sees them as a batch run and done
      if (obs) reportPicks(obs, plan, p, performance.now() - t0);
      completeUnits(state, p.done, p.values, () => true);
      if (outputs) p.done.forEach((u, i) => outputs.has(u) && hooks.output!(u, p!.values[i]));
      hooks.progress(p.done.length, state.held);
      if (obs) t0 = performance.now();
    }
    if (r.failure) {
      const failedUnit = plan.index.get(r.failure.key) ?? batch.units.find((u) => plan.units[u]!.steps.some((s) => s.key === r.failure!.key))!;
      const n = (attempts.get(failedUnit) ?? 1) + 1;
      attempts.set(failedUnit, n);
      if (n > hooks.retries + 1) throw await taskErrorOfClass(r.failure, n - 1);
      const done = new Set(r.done);
      submit(batchOf(state, batch.units.filter((u) => !done.has(u))));
    }
  }
}

/**
 * The request for a batch: its inputs' results, and which of their buffers may travel by
 * transfer — those of an input whose last user is this batch and whose buffers no other held
 * result reaches; the scheduler forgets such an input as it hands it over.
 */
function request(state: SchedState, batch: Batch, transfers: boolean): BatchRequest {
  const inputValues = batch.inputs.map((u) => state.results[u]);
  let transfer: ArrayBuffer[] | undefined;
  if (transfers && state.owners && batch.inputs.length > 0) {
    const members = new Set(batch.units);
    for (let i = 0; i < batch.inputs.length; i++) {
      const v = inputValues[i];
      if (v === null || typeof v !== 'object') continue;
      const bufs = transferables(v);
      if (bufs.length === 0 || !canHandOver(state, batch.inputs[i]!, members, bufs)) continue;
      for (const b of bufs) if (!(transfer ??= []).includes(b)) transfer.push(b);
      release(state, batch.inputs[i]!);
    }
  }
  return { units: batch.units, send: batch.send, drop: batch.drop, inputs: batch.inputs, inputValues, transfer };
}

/** Picks (rechunk's pieces taken out of a split block) told to the observer as one batch of their own. */
function reportPicks(obs: NonNullable<RunHooks['observer']>, plan: Plan, p: { done: number[]; values: unknown[] }, ms: number): void {
  const keys = keysOf(plan, p.done);
  obs.batchSent(keys, 0);
  obs.batchDone(undefined, keys, keys.map((k) => [k, ms / keys.length] as const), keys.length, sizeOf(p.values));
}

function keysOf(plan: Plan, units: readonly number[]): string[] {
  const keys: string[] = [];
  for (const u of units) for (const st of plan.units[u]!.steps) keys.push(st.key);
  return keys;
}

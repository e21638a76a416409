/**
 * Runs workflow targets on the task graph engine: plan instances, skip the fresh ones, turn the
 * rest into a graph whose tasks call `executeInstance` in worker processes started from the
 * workflow's env (its node, PATH and variables).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { performanceReportFile } from '../dashboard/report-file.js';
import { keepUnfinished, keepWriting, roomForCheckpoint } from '../dashboard/checkpoint.js';
import type { Reporter } from '../util/reporter.js';
import { awaitWorkerSteps, cleanUpInterrupted, markRunEnded, watchRunning } from './running.js';
import type { Graph, GetOptions } from '../graph/types.js';
import { planInstances, type PlanOptions } from './expand.js';
import { checkInputs } from './inputs.js';
import { refuseMountedOutputs } from './output-mounts.js';
import { shownPath } from './aside.js';
import { SsdpError, isSsdpError } from '../util/errors.js';
import { foreignOutputsAsync, freshInstances, outputsExist, stampState, type Stamp } from './stamps.js';
import { moduleUrl, type InstancePayload } from './exec.js';
import { catchStopSignals, runInterrupted, type StopSignals } from './stop-signals.js';
import type { TaskInstance, WorkflowSpec } from './types.js';

/**
 * How long a failed run through ssdp workers waits for the steps they run for it to end before it
 * moves outputs aside (running.ts awaitWorkerSteps): a worker stops them within RUN_CHECK_MS of
 * hearing the run ended, which after a broker restart takes its reconnect (up to ~2 s) too.
 */
const WORKER_STEPS_WAIT_MS = 10_000;

export const EXEC_FN = { module: new URL('./exec.js', import.meta.url).href, name: 'executeInstance' } as const;

export interface WorkflowPlan {
  instances: TaskInstance[];
  /** Skipped: up to date, or found data (then also in `data`). */
  fresh: Map<string, Stamp>;
  /** Steps not run because their outputs are files ssdp did not write: id -> those files. */
  data: Map<string, string[]>;
  toRun: TaskInstance[];
  /** Steps whose stamp file is damaged: id -> that file and why; they run again. */
  damaged: Map<string, { file: string; why: string }>;
  /** Why each step of toRun runs ('never ran', 'env changed', ...), for --dry-run. */
  why: Map<string, string>;
}

/**
 * A step with no inputs whose outputs all exist, not written by ssdp, is not run: the files are
 * the data (as make and Snakemake treat a target with no prerequisites), even with --force.
 * If only some exist, running it would replace them, so the run stops and says which.
 */
async function foundData(spec: WorkflowSpec, instances: TaskInstance[], damaged: ReadonlyMap<string, unknown>): Promise<Map<string, string[]>> {
  const data = new Map<string, string[]>();
  for (const inst of instances) {
    // A damaged stamp still says ssdp ran the step: its outputs are not found data (WS2); the step
    // runs again and moves them aside first, as any file it cannot prove it wrote.
    if (inst.inputs.length > 0 || inst.outputs.length === 0 || damaged.has(inst.id)) continue;
    const foreign = await foreignOutputsAsync(spec.root, inst);
    if (foreign.length === 0) continue;
    if (outputsExist(inst)) {
      data.set(inst.id, foreign);
      continue;
    }
    const missing = inst.outputs.filter((p) => !existsSync(p));
    throw new SsdpError('E_OUTPUT_NOT_OURS', `Step ${inst.id} would write ${inst.outputs.join(', ')}, but ${foreign.join(', ')} already exists and ssdp did not write it; ${missing.join(', ')} is missing.`, {
      hint: 'ssdp never replaces a file it did not write. Supply the missing files too (then they are used as the data), or move the existing ones away to have the step make all of them.',
    });
  }
  return data;
}

/** `unfinished`: steps an earlier run left half-done; a real run moves their outputs aside first, a dry run plans as if it had. */
export async function planRun(spec: WorkflowSpec, targets: string[], opts: PlanOptions & { force?: boolean; unfinished?: ReadonlySet<string> } = {}): Promise<WorkflowPlan> {
  const instances = planInstances(spec, targets, opts);
  checkInputs(spec, instances);
  const unfinished = opts.unfinished ?? new Set<string>();
  const damaged = new Map<string, { file: string; why: string }>();
  for (const inst of instances) {
    const s = stampState(spec.root, inst.id);
    if ('damaged' in s) damaged.set(inst.id, { file: s.damaged, why: s.why });
  }
  const data = await foundData(spec, instances.filter((i) => !unfinished.has(i.id)), damaged);
  const why = new Map<string, string>();
  const fresh = await freshInstances(spec.root, instances, opts.force, new Set(data.keys()), unfinished, why);
  for (const id of damaged.keys()) if (why.get(id) === 'never ran') why.set(id, 'its stamp is damaged');
  const toRun = instances.filter((i) => !fresh.has(i.id));
  refuseMountedOutputs(spec, toRun);
  return { instances, fresh, data, damaged, why, toRun };
}

/** The graph for a plan: fresh instances are data (their stamped result), the rest are tasks. */
export function workflowGraph(spec: WorkflowSpec, plan: WorkflowPlan, opts: { stdoutToStderr?: boolean; run?: string } = {}): Graph {
  const taskOf = new Map(plan.instances.map((i) => [i.id, i.task]));
  // one id per run: a step handed out again within it (a broker that stood still while the step
  // finished) knows its own finish by its stamp (exec.ts finishedInThisRun)
  const run = opts.run ?? randomUUID();
  const graph: Graph = {};
  for (const inst of plan.instances) {
    const stamp = plan.fresh.get(inst.id);
    if (stamp) {
      graph[inst.id] = { value: stamp.result };
      continue;
    }
    const payload: InstancePayload = {
      inst,
      root: spec.root,
      depTasks: Object.fromEntries(inst.deps.map((d) => [d, taskOf.get(d)!])),
      stdoutToStderr: opts.stdoutToStderr,
      run,
    };
    graph[inst.id] = { fn: EXEC_FN, args: [{ $lit: payload }, ...inst.deps.map((d) => ({ $ref: d }))] };
  }
  return graph;
}

export interface ExecuteOptions {
  jobs?: number;
  /** Node binary for worker processes (the env's), and their environment. */
  node?: string;
  env?: NodeJS.ProcessEnv;
  progress?: boolean;
  reporter?: Reporter;
  /** --json: steps' own output goes to stderr. */
  stdoutToStderr?: boolean;
  /** --dashboard: serve the live page (on `port` when given). The report is written either way. */
  dashboard?: { port?: number };
  /** Run the steps on the `ssdp worker`s serving this broker instead of local processes. */
  broker?: string;
  /**
   * broker: its workers are this run's own Slurm jobs, whose state the cluster reports (pending,
   * all gone): no "no ssdp worker serves" notice telling the user to start one by hand (try11s S5).
   */
  clusterWorkers?: boolean;
  /**
   * clusterWorkers: stops the run's own workers (cancels its Slurm jobs, which needs no broker).
   * Called as soon as a stop signal comes, and before the outputs of a failed run are moved
   * aside: a broker that stands still cannot tell the workers to stop the steps, which then wrote
   * on after the run had moved their outputs aside and exited (tester s22 try11w E4).
   */
  stopWorkers?: () => Promise<void>;
  /** broker: the workflow env's prefix, which workers use or recreate from its lockfile. */
  envPrefix?: string;
  /** Filled in as the run goes: the live page's address and the report written (for --json). */
  shown?: { dashboard?: string; report?: string };
  /** The stop signals the caller already listens for (from before its broker check); else caught here. */
  stop?: StopSignals;
}


/** A step's module URL; undefined when it does not resolve (the step says so when it runs). */
function stepModule(fn: string, root: string): string | undefined {
  try {
    return moduleUrl(fn, root);
  } catch {
    return undefined;
  }
}

export async function executePlan(spec: WorkflowSpec, plan: WorkflowPlan, targets: string[], opts: ExecuteOptions = {}): Promise<unknown[]> {
  const stop = opts.stop ?? catchStopSignals();
  try {
    stop.check();
    const results = await executeCaught(spec, plan, targets, opts, stop);
    // A signal as the last step finished (the engine's loop had nothing left to wait on): the
    // steps are done and kept, and the run still says it was stopped, as at any other moment.
    if (stop.signal) throw runInterrupted(stop.signal, 'as its last step finished (every step finished and is kept)');
    return results;
  } finally {
    if (!opts.stop) stop.off();
  }
}

async function executeCaught(spec: WorkflowSpec, plan: WorkflowPlan, targets: string[], opts: ExecuteOptions, stop: StopSignals): Promise<unknown[]> {
  const { getEach } = await import('../graph/run.js');
  const { Client } = await import('../graph/index.js');
  const { OWN_EXECUTOR } = await import('../graph/client.js');
  const { InProcessSteps } = await import('./in-process.js');
  const run = randomUUID();
  const graph = workflowGraph(spec, plan, { stdoutToStderr: opts.stdoutToStderr, run });
  const keys = plan.instances.filter((i) => targets.includes(i.task)).map((i) => i.id);
  const taskOf = new Map(plan.instances.map((i) => [i.id, i.task]));
  // Workers are processes started from the env's own node, so the steps run inside the env.
  // recorded on every run for the report; served only with --dashboard
  const dashboard = { serve: !!opts.dashboard, port: opts.dashboard?.port, title: targets.join(' '), kindOf: (id: string) => taskOf.get(id) ?? id };
  // the steps' own modules are part of the code the workers must run as it is here (try11s S0)
  const codeModules = [...new Set(plan.toRun.flatMap((i) => (i.function ? [stepModule(i.function, spec.root)].filter((u) => u !== undefined) : [])))];
  const nWorkers = Math.max(1, Math.min(opts.jobs ?? availableParallelism(), plan.toRun.length || 1));
  // Only commands (and groups) to run: from this process, with no worker process to start (~1 s of CPU each);
  // a function step needs the workers, whose node is the env's (in-process.ts).
  const here = plan.toRun.every((i) => !i.function) ? { [OWN_EXECUTOR]: new InProcessSteps(nWorkers, EXEC_FN, opts.env) } : {};
  const client = opts.broker ? new Client({ broker: opts.broker, workerEnv: opts.envPrefix, dashboard, codeModules, freshProcesses: true, onNotice: opts.clusterWorkers ? () => {} : opts.reporter && ((m) => opts.reporter!.warn(m)) }) : new Client({
    scheduler: 'processes',
    nWorkers,
    node: opts.node,
    env: opts.env,
    // Steps such as a radar day allocate many short-lived buffers outside the JS heap: a smaller
    // young generation and an explicit gc() between steps keep each worker's memory near its
    // working set (measured: 510 -> 424 MB peak for the radar month on 2 workers).
    nodeArgs: ['--expose-gc', '--max-semi-space-size=2'],
    dashboard,
    ...here,
  });
  // a port in use stops the run before any step starts
  const url = await client.dashboardUrl().catch(async (e: unknown) => {
    await client.close();
    throw e;
  });
  if (opts.shown && url) opts.shown.dashboard = url;
  const reportFile = performanceReportFile(spec.root);
  const kept = keepUnfinished(reportFile);
  if (kept) opts.reporter?.warn(`an earlier run was stopped before it wrote its final performance report; what it recorded is kept in ${relative(process.cwd(), kept) || kept}`);
  // rewritten while the run goes on: a run killed outright still leaves what it recorded
  const checkpoints = keepWriting(async () => (await roomForCheckpoint(reportFile)) && client.performanceReport(reportFile));
  // The engine stops its workers on SIGINT (stop routes SIGTERM and SIGHUP there too) and its
  // loop ends on `stop.stopped`, also for a signal that came before its executor listened.
  const stopWatching = watchRunning(spec.root);
  stop.forward();
  const stopWorkers = opts.stopWorkers;
  /** The run's own workers stopping (once begun: at a stop signal, or when the run fails). */
  let workersStopping: Promise<void> | undefined;
  const stopOwnWorkers = (): Promise<void> => (workersStopping ??= stopWorkers ? stopWorkers().catch(() => {}) : Promise.resolve());
  /** The steps on ssdp workers stop by the run's ended mark, which needs no broker (running.ts markRunEnded). */
  const markEnded = (): void => {
    if (opts.broker) markRunEnded(spec.root, run);
  };
  // at once, not after the engine's end on the broker, which waits seconds for a frozen one
  void stop.stopped.then(() => {
    markEnded();
    if (stopWorkers) void stopOwnWorkers();
  });
  try {
    return (await getEach(graph, keys, { progress: opts.progress, optimize: false } satisfies GetOptions, () => {}, stop.stopped)).results as unknown[];
  } catch (e) {
    const stoppedBy = stop.signal;
    // the steps ssdp workers run for this run end before their outputs move (try11t T4)
    markEnded();
    await stopOwnWorkers();
    const stillRunning = opts.broker ? await awaitWorkerSteps(spec.root, WORKER_STEPS_WAIT_MS) : undefined;
    const cut = cleanUpInterrupted(spec.root, { stopCommands: true, stillRunning });
    const where = cut.filter((c) => c.movedTo).map((c) => `${c.id} -> ${c.movedTo!.map((d) => shownPath(spec.root, d)).join(' and ')}`);
    const left = [...(stillRunning?.values() ?? [])].map((s) => `${s.id} on ${s.host} (pid ${s.pid})`);
    const note =
      (where.length ? ` Outputs of ${where.length === 1 ? 'the step' : 'steps'} that did not finish were moved aside: ${where.join(', ')}.` : '') +
      (left.length ? ` Still running on a worker after ${WORKER_STEPS_WAIT_MS / 1000} s (it has not heard that the run ended): ${left.join(', ')}; the next run waits for ${left.length === 1 ? 'it' : 'them'} to end and moves what ${left.length === 1 ? 'it' : 'they'} wrote aside.` : '');
    // steps still running on a worker are unfinished too (the run said 'while no step was running': try11w E3)
    const unfinished = cut.length + left.length;
    if (stoppedBy) throw runInterrupted(stoppedBy, unfinished ? `with ${unfinished} step(s) unfinished` : 'while no step was running', note);
    if (note) opts.reporter?.warn(note.trim());
    if (isSsdpError(e) && e.code === 'E_WORKER_DIED') throw stepWorkerDied(e, cut.map((c) => c.id));
    throw e;
  } finally {
    stopWatching();
    await checkpoints.stop();
    await writePerformanceReport(client, reportFile, opts);
    await client.close();
  }
}

/** The engine's E_WORKER_DIED in workflow words: which steps, and a hint an ssdp.yaml author can act on. */
function stepWorkerDied(e: SsdpError, steps: string[]): SsdpError {
  const detail = (e as SsdpError & { detail?: string }).detail ?? e.message;
  const which = steps.length ? `Step${steps.length > 1 ? 's' : ''} ${steps.join(', ')}: the worker process running ${steps.length > 1 ? 'them' : 'it'}` : 'A worker process';
  return new SsdpError('E_WORKER_DIED', `${which} stopped before the step finished: ${detail}`, {
    hint: 'Something in the step ended its process: process.exit() in its function, a signal (a kill, or the out-of-memory killer), or an error thrown in a timer or callback the function did not await. Let the function return or throw instead and await what it starts (wrap a timer in a Promise), then run again: steps that finished are kept.',
  });
}

async function writePerformanceReport(client: { performanceReport(file: string): Promise<string> }, reportFile: string, opts: ExecuteOptions): Promise<void> {
  try {
    const file = await client.performanceReport(reportFile);
    if (opts.shown) opts.shown.report = file;
    if (opts.dashboard) opts.reporter?.info(`performance report: ${relative(process.cwd(), file) || file}`);
  } catch (e) {
    // the run's own outcome matters more than its report
    const mine = isSsdpError(e) && e.code === 'E_REPORT_EXISTS' ? ' Move that file away (or rename it) to get the next run\'s report there.' : '';
    opts.reporter?.warn(`could not write the performance report: ${(e as Error).message}${mine}`);
  }
}

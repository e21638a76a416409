/**
 * `ssdp run TASK` and `ssdp tasks`: thin handlers over the workflow library.
 */
import { nothingToRunNote } from '../dashboard/report-file.js';
import { createReporter, type Reporter } from '../util/reporter.js';
import { SsdpError } from '../util/errors.js';
import { findWorkflowFile, parseParams } from './find.js';
import { loadWorkflow } from './spec.js';
import { planRun, executePlan, type WorkflowPlan } from './runner.js';
import { lastWorkflowEnv, prepareWorkflowEnv } from './workflow-env.js';
import { upgradeStampEnv } from './stamps.js';
import { codeVersion } from './code-version.js';
import { join, relative, resolve } from 'node:path';
import { runCluster, withCluster } from '../cluster/index.js';
import { parseBroker } from '../distributed/broker.js';
import { resolveParams, envNamesOf } from './params.js';
import { lockWorkflow } from './run-lock.js';
import { cleanUpInterrupted, unfinishedSteps, waitForEarlierSteps } from './running.js';
import { checkStateFolder } from './state-dir.js';
import { catchStopSignals, type StopSignals } from './stop-signals.js';
import { shownPath } from './aside.js';
import type { WorkflowSpec } from './types.js';

export interface RunTaskArgs {
  task?: string;
  args?: string[];
  jobs?: number;
  param?: string | string[];
  'dry-run'?: boolean;
  graph?: string;
  force?: boolean;
  workflow?: string;
  'on-missing'?: string;
  offline?: boolean;
  root?: string;
  json?: boolean;
  quiet?: boolean;
  'wait-lock'?: boolean;
  dashboard?: boolean;
  'dashboard-port'?: number;
  broker?: string;
  cluster?: string;
  workers?: number;
}

function paramsFrom(argv: RunTaskArgs, spec: WorkflowSpec): Record<string, string> {
  const params = parseParams(argv.param);
  if (argv['on-missing'] !== undefined) {
    if (!['error', 'skip'].includes(argv['on-missing'])) {
      throw new SsdpError('E_BAD_PARAM', `--on-missing ${argv['on-missing']}: expected 'error' or 'skip'.`, { hint: 'Give --on-missing error or --on-missing skip.', exitCode: 2 });
    }
    if (!('on-missing' in spec.params)) {
      // A command-line mistake like an unknown --param: exit 2 and the same hint (s18 try8k K15).
      throw new SsdpError('E_BAD_PARAM', `--on-missing: ${spec.file} has no 'on-missing' parameter.`, {
        hint: `Declare it under params: (on-missing: error) for its steps to read, or drop --on-missing. Known parameters: ${Object.keys(spec.params).sort().join(', ') || '(none)'}.`,
        exitCode: 2,
      });
    }
    if (params['on-missing'] !== undefined && params['on-missing'] !== argv['on-missing']) {
      throw new SsdpError('E_BAD_PARAM', `--on-missing ${argv['on-missing']} and --param on-missing=${params['on-missing']} say different things: give one.`, { exitCode: 2 });
    }
    params['on-missing'] = argv['on-missing'];
  }
  return params;
}

function describePlan(plan: WorkflowPlan): string {
  const why = (id: string) => (plan.why.has(id) ? `  (${plan.why.get(id)})` : '');
  const lines = plan.instances.map((i) => `${plan.data.has(i.id) ? 'data' : plan.fresh.has(i.id) ? 'skip' : 'run '}  ${i.id}${why(i.id)}${i.cmd ? `  $ ${i.cmd}` : i.function ? `  ${i.function}` : ''}`);
  lines.push(`${plan.toRun.length} to run, ${plan.fresh.size - plan.data.size} up to date${plan.data.size ? `, ${plan.data.size} found as data` : ''}`);
  return lines.join('\n');
}

export async function runTaskCli(argv: RunTaskArgs): Promise<number> {
  const reporter = createReporter(argv);
  if (!argv.task) {
    throw new SsdpError('E_NO_TASK', 'ssdp run needs a task name, or -n ENV -- CMD to run a command inside an env.', {
      hint: "List the workflow's tasks with 'ssdp tasks'.",
      exitCode: 2,
    });
  }
  if (argv.args && argv.args.length > 0) {
    throw new SsdpError('E_BAD_ARGS', `ssdp run ${argv.task}: unexpected arguments ${argv.args.join(' ')}.`, {
      hint: "Pass parameters as --param KEY=VALUE; to run a command inside an env use 'ssdp run -n ENV -- CMD ARGS'.",
    });
  }
  const spec = loadWorkflow(findWorkflowFile(argv.workflow));
  // found in a folder above: say which file runs (WU1)
  if (!argv.workflow && spec.root !== resolve(process.cwd())) reporter.info(`workflow: ${spec.file}`);
  runCluster(argv, spec.cluster); // a bad --cluster/--workers/cluster: setting stops the run before anything starts
  if (argv.broker !== undefined) parseBroker(argv.broker); // so does a bad --broker
  if (argv.broker !== undefined && argv.jobs !== undefined) {
    // -j would be silently ignored: the workers' --nprocs decide how many steps run at once (try11t B12)
    throw new SsdpError('E_BAD_ARGS', `-j ${argv.jobs} sets the number of worker processes on this machine; with --broker the steps run on the broker's workers instead.`, {
      hint: 'Drop -j: each ssdp worker runs as many steps at once as its --nprocs.',
      exitCode: 2,
    });
  }
  const { values: params, from } = resolveParams(spec, paramsFrom(argv, spec));
  for (const [k, src] of Object.entries(from)) if (src !== '--param') reporter.info(`${k}=${params[k]} (from ${src})`);
  const readOnly = argv['dry-run'];
  checkStateFolder(spec.root, !readOnly);
  const release = readOnly ? () => {} : await lockWorkflow(spec.root, { wait: argv['wait-lock'], reporter });
  try {
    if (!readOnly) {
      // a killed run's steps still running on workers would write over this run's outputs
      const endedAt = await waitForEarlierSteps(spec.root, (m) => reporter.warn(m));
      for (const c of cleanUpInterrupted(spec.root, { stopCommands: false, endedAt })) {
        reporter.warn(`step ${c.id} did not finish in an earlier run${c.movedTo ? `: its outputs were moved to ${c.movedTo.map((d) => shownPath(spec.root, d)).join(' and ')}` : ''}`);
        const names = (ps: string[]) => ps.map((p) => shownPath(spec.root, p)).join(', ');
        const changed = c.kept.filter((p) => !c.appeared.includes(p));
        if (changed.length) {
          reporter.warn(`${names(changed)} changed after that run stopped, so ${changed.length === 1 ? 'it is' : 'they are'} not what the step wrote: left in place and treated as an existing output, as any file ssdp did not write`);
        }
        if (c.appeared.length) {
          const at = c.lastSeen ? ` (${new Date(c.lastSeen).toISOString()})` : '';
          reporter.warn(`${names(c.appeared)} did not exist at that run's last record of step ${c.id}${at}, so ${c.appeared.length === 1 ? 'it is' : 'they are'} taken as yours: left in place and treated as an existing output. Only if the step created ${c.appeared.length === 1 ? 'it' : 'them'} in the half second before it was killed ${c.appeared.length === 1 ? 'is it' : 'are they'} partial: then delete ${c.appeared.length === 1 ? 'it' : 'them'} and run again`);
        }
      }
    }
    return await runLocked(argv, spec, params, from, reporter);
  } finally {
    release();
  }
}

async function runLocked(argv: RunTaskArgs, spec: WorkflowSpec, params: Record<string, string>, paramFrom: Record<string, string>, reporter: Reporter): Promise<number> {
  const task = argv.task!;
  const unfinished = argv['dry-run'] ? unfinishedSteps(spec.root) : [];
  for (const id of unfinished) reporter.warn(`step ${id} did not finish in an earlier run: a real run moves its outputs aside and runs it again`);
  // Planned against the env as the last run left it (no registry traffic); a real run that then
  // changes the env plans again against the new one, so its steps run again (Q8).
  const lastEnv = spec.env ? lastWorkflowEnv(spec) : undefined;
  const planWith = (env: string | null | undefined) => planRun(spec, [task], { params, paramFrom, force: argv.force, unfinished: new Set(unfinished), codeVersion: (t) => codeVersion(t, spec.root), env });
  let plan = await planWith(spec.env ? lastEnv?.identity : null);
  for (const [id, { file, why }] of plan.damaged) {
    reporter.warn(`the stamp of step ${id} (${relative(spec.root, file)}) is damaged (${why}), so ssdp cannot tell its outputs from files it did not write: step ${id} runs again, and outputs it finds are first moved to .ssdp/replaced/`);
  }
  if (plan.data.size > 0) {
    const files = [...plan.data.values()].flat().map((p) => shownPath(spec.root, p));
    reporter.info(
      `${plan.data.size} step(s) not run: ${files.length === 1 ? 'its output exists' : 'their outputs exist'} and ssdp did not write ${files.length === 1 ? 'it' : 'them'}, so ${files.length === 1 ? 'it is' : 'they are'} used as the data` +
        ` (${files.slice(0, 3).join(', ')}${files.length > 3 ? `, and ${files.length - 3} more` : ''}). ssdp never replaces such a file, also not with --force.`,
    );
  }

  if (argv.graph) {
    const { writeWorkflowPicture } = await import('./picture.js');
    const written = await writeWorkflowPicture(plan, argv.graph);
    reporter.info(`graph written to ${written.join(', ')}`);
  }
  if (argv['dry-run']) {
    warnLeftOut(plan, reporter);
    if (lastEnv?.damaged) reporter.warn(lastEnv.damaged);
    if (lastEnv?.changedByHand) reporter.info(lastEnv.changedByHand);
    if (lastEnv?.specChanged) {
      reporter.info(`${spec.env} changed since the workflow env was ${lastEnv.identity ? 'last updated' : 'made (or it is not made yet)'}: a real run ${lastEnv.identity ? 'updates' : 'makes'} it first, and steps that ran in it run again if its packages change`);
    }
    reporter.result(
      { run: plan.toRun.map((i) => i.id), skip: [...plan.fresh.keys()].filter((id) => !plan.data.has(id)), data: [...plan.data.keys()], why: Object.fromEntries(plan.why) },
      () => describePlan(plan),
    );
    return 0;
  }
  const t0 = performance.now();
  const workerEnv = spec.env ? await prepareWorkflowEnv(spec, { root: argv.root, offline: argv.offline, reporter }) : undefined;
  if (workerEnv && workerEnv.identity !== lastEnv?.identity) plan = await planWith(workerEnv.identity);
  const changed = plan.toRun.filter((i) => plan.why.get(i.id)?.startsWith('env changed'));
  if (changed.length) reporter.info(`${changed.length} step(s) ran in another env than ${workerEnv ? `env ${workerEnv.name} as it is now` : 'none (the spec has no env: now)'}, so they run again: ${changed.slice(0, 3).map((i) => i.id).join(', ')}${changed.length > 3 ? `, and ${changed.length - 3} more` : ''}`);
  warnLeftOut(plan, reporter);
  // stamps from before steps recorded their env: taken as made in this one, once (stamps.ts)
  for (const [id, stamp] of plan.fresh) if (!plan.data.has(id) && stamp.env === undefined) upgradeStampEnv(spec.root, stamp, workerEnv?.identity ?? null);
  if (plan.toRun.length === 0) {
    reporter.info(
      argv.force
        ? `${task}: nothing to run: ${plan.instances.length === 1 ? 'its step has outputs' : `all ${plan.instances.length} steps have outputs`} ssdp did not write (found data), which --force does not replace.`
        : `${task}: all ${plan.instances.length} steps are up to date (use --force to run them again).`,
    );
    if (argv.dashboard || argv['dashboard-port'] !== undefined) reporter.info(nothingToRunNote(spec.root));
    reportDone(reporter, task, plan, (performance.now() - t0) / 1000, argv.quiet);
    return 0;
  }
  const cluster = runCluster(argv, spec.cluster, spec.file);
  // from here on a Ctrl-C at any moment ends the run with E_RUN_INTERRUPTED (try11t B11)
  const stop = catchStopSignals();
  try {
    return await startRun(argv, spec, task, plan, workerEnv, cluster, stop, t0, reporter);
  } finally {
    stop.off();
  }
}

/**
 * Steps that left their outputs out (ctx.skip: the radar pipeline's missing or unreadable days
 * under --on-missing skip) and stay so, not run again: said on every run, as the run that left
 * them out warned (tester s22 try8w: an up-to-date rerun said nothing of the skipped days).
 */
function warnLeftOut(plan: WorkflowPlan, reporter: Reporter): void {
  const left = [...plan.fresh].filter(([id, stamp]) => stamp.skipped !== undefined && !plan.data.has(id));
  if (left.length === 0) return;
  const shown = left.slice(0, 5).map(([id, stamp]) => `${id} (${stamp.skipped!.replace(/\s+/g, ' ').replace(/\.$/, '')})`);
  reporter.warn(`${left.length} step(s) left out, as when they last ran (up to date while their inputs are unchanged and their outputs absent): ${shown.join('; ')}${left.length > 5 ? `; and ${left.length - 5} more` : ''}`);
}

async function startRun(argv: RunTaskArgs, spec: WorkflowSpec, task: string, plan: WorkflowPlan, workerEnv: Awaited<ReturnType<typeof prepareWorkflowEnv>> | undefined, cluster: ReturnType<typeof runCluster>, stop: StopSignals, t0: number, reporter: Reporter): Promise<number> {
  if (argv.broker && !cluster) {
    // A broker that cannot be used (wrong password, nothing there) is said before the run starts:
    // a run that never started leaves the last report alone and no record of an unfinished run.
    const { checkBroker, parseBroker } = await import('../distributed/broker.js');
    // a frozen broker is retried for SSDP_BROKER_RETRY_MS (try11w E1); a Ctrl-C ends the wait at once (B11)
    await checkBroker(parseBroker(argv.broker), 'ssdp-check', { notice: (m) => reporter.warn(m), stopped: stop.stopped });
  }
  stop.check();
  const workers = cluster ? `${cluster.options.workers ?? 1} Slurm worker(s)` : argv.broker ? 'the workers of the broker' : argv.jobs === undefined ? 'all workers' : `${Math.min(argv.jobs, plan.toRun.length)} worker${Math.min(argv.jobs, plan.toRun.length) === 1 ? '' : 's'}${argv.jobs > plan.toRun.length ? ` (-j ${argv.jobs}, one per step)` : ''}`;
  reporter.info(`${task}: running ${plan.toRun.length} of ${plan.instances.length} steps${workerEnv ? ` in env ${workerEnv.name}` : ''} with ${workers}`);
  const shown: { dashboard?: string; report?: string } = {};
  const execute = (broker: string | undefined, stopWorkers?: () => Promise<void>) =>
    executePlan(spec, plan, [task], {
      clusterWorkers: !!stopWorkers,
      stopWorkers,
      jobs: argv.jobs,
      node: workerEnv?.node,
      env: workerEnv?.env,
      progress: reporter.interactive,
      reporter,
      stdoutToStderr: argv.json,
      broker,
      envPrefix: workerEnv?.prefix,
      dashboard: argv.dashboard || argv['dashboard-port'] !== undefined ? { port: argv['dashboard-port'] } : undefined,
      shown,
      stop,
    });
  if (cluster) {
    // Workers run `ssdp worker` in the workflow's env; their Slurm logs go next to the run's state.
    const envArgs = workerEnv ? ['-p', workerEnv.prefix] : [];
    // stopWorkers: the run's own Slurm jobs are cancelled (no broker needed) before it moves
    // outputs aside, so their steps write nothing after (try11w E4)
    await withCluster(cluster, { broker: argv.broker, envArgs, logDir: join(spec.root, '.ssdp', 'slurm'), onNotice: (m) => reporter.warn(m) }, (broker, running) => execute(broker, () => running.slurm.close()));
  } else {
    await execute(argv.broker);
  }
  reportDone(reporter, task, plan, (performance.now() - t0) / 1000, argv.quiet, shown);
  return 0;
}

/** The summary line; -q silences it as it does the env commands' summaries (--json still gives it). */
function reportDone(reporter: Reporter, task: string, plan: WorkflowPlan, seconds: number, quiet = false, shown: { dashboard?: string; report?: string } = {}): void {
  if (quiet && !reporter.json) return;
  // --json: the live page's address (null without --dashboard) and the report written (null when none was)
  reporter.result(
    { task, ran: plan.toRun.map((i) => i.id), skipped: [...plan.fresh.keys()].filter((id) => !plan.data.has(id)), data: [...plan.data.keys()], seconds, dashboard: shown.dashboard ?? null, report: shown.report ?? null },
    () => `${task}: done in ${seconds.toFixed(1)} s (${plan.toRun.length} ran, ${plan.fresh.size - plan.data.size} up to date${plan.data.size ? `, ${plan.data.size} found as data` : ''})`,
  );
}

export async function listTasksCli(argv: { workflow?: string; json?: boolean }): Promise<number> {
  const reporter = createReporter(argv);
  const spec = loadWorkflow(findWorkflowFile(argv.workflow));
  const rows = [...spec.tasks.values()].map((t) => ({
    name: t.name,
    description: t.description ?? '',
    depends_on: t.dependsOn,
    foreach: t.foreach?.variable,
    kind: t.cmd !== undefined ? 'cmd' : t.function ? 'function' : 'group',
  }));
  const paramEnv = Object.fromEntries(Object.keys(spec.params).map((k) => [k, envNamesOf(spec, k)]));
  reporter.result({ file: spec.file, env: spec.env, params: spec.params, paramEnv, tasks: rows }, () => {
    const width = Math.max(...rows.map((r) => r.name.length), 4);
    const lines = rows.map((r) => `${r.name.padEnd(width)}  ${r.description}${r.depends_on.length ? `  (after ${r.depends_on.join(', ')})` : ''}${r.foreach ? `  [one per ${r.foreach}]` : ''}`);
    const params = Object.entries(spec.params).map(([k, v]) => `  ${k}=${v}  (or $${envNamesOf(spec, k).join(', $')})`);
    return [`Tasks of ${spec.file}:`, ...lines, '', 'Parameters (--param KEY=VALUE wins over the environment, which wins over these defaults):', ...params].join('\n');
  });
  return 0;
}

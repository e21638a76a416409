/**
 * Runs one workflow instance. This module is what graph workers import: it must work in a
 * worker process started under an env's own node, so it takes everything as plain data.
 */
import type { ChildProcess } from 'node:child_process';
import type { ResultPromise } from 'execa';
import type { Socket } from 'node:net';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { diskFullWhy, isDiskFull } from '../util/disk-full.js';
import { SsdpError, isSsdpError } from '../util/errors.js';
import { currentFolderIfAny } from '../util/cwd.js';
import { forwardLines, printLine } from '../util/reporter.js';
import { moveAside, shownPath } from './aside.js';
import { markDone, markRunning, runEnded, unfinishedAttempt } from './running.js';
import { foreignOutputs, readStamp, writeStamp, type Stamp } from './stamps.js';
import type { TaskContext, TaskInstance } from './types.js';
import { quietNodeTestBefore } from '../graph/quiet-node-test.js';

export interface InstancePayload {
  inst: TaskInstance;
  root: string;
  /** Dependency instance id -> task name, to group results for the context. */
  depTasks: Record<string, string>;
  /** --json runs: a step's own output goes to stderr, so stdout holds the JSON alone. */
  stdoutToStderr?: boolean;
  /** The run's id (runner.ts workflowGraph), recorded in the stamp: see finishedInThisRun. */
  run?: string;
}

/**
 * The stamp of an attempt of this step that already finished in this same run, its outputs as it
 * left them: the step was handed out again though it had finished. An `ssdp worker` finished it
 * while the broker stood still (SIGSTOP, a paused VM), could not report it, and its job lock
 * lapsed; run again, a step that appends would have written its output twice (tester s21 try11t
 * T3: out/all.txt 8 instead of 4). Its recorded result is the step's result. A later run (a new
 * id), --force included, runs it as planned.
 */
function finishedInThisRun(root: string, inst: TaskInstance, run: string | undefined): Stamp | undefined {
  if (run === undefined) return undefined;
  const stamp = readStamp(root, inst.id);
  if (!stamp || stamp.run !== run || stamp.fingerprint !== inst.fingerprint) return undefined;
  if (foreignOutputs(root, inst, stamp).length > 0) return undefined;
  const present = inst.outputs.filter((p) => existsSync(p));
  return (stamp.skipped !== undefined ? present.length === 0 : present.length === inst.outputs.length) ? stamp : undefined;
}

/** `ssdp:radar#f` is one of ssdp's own areas; other modules resolve from the workflow root. */
export function moduleUrl(spec: string, root: string): string {
  const [mod] = spec.split('#') as [string];
  if (mod.startsWith('ssdp:')) return new URL(`../${mod.slice(5)}/index.js`, import.meta.url).href;
  if (mod.startsWith('.') || isAbsolute(mod)) return pathToFileURL(resolve(root, mod)).href;
  return pathToFileURL(createRequire(join(root, 'ssdp.yaml')).resolve(mod)).href;
}

function safeModuleFile(spec: string, root: string): string | undefined {
  try {
    return fileURLToPath(moduleUrl(spec, root));
  } catch {
    return undefined;
  }
}

async function runFunction(inst: TaskInstance, ctx: TaskContext): Promise<unknown> {
  // the module's top-level code too (try11k K1: a module that made out/ at import time made it in
  // the worker's folder under --broker, while locally it is imported in the project folder)
  const back = inProjectFolder(inst, ctx.root);
  try {
    return await importAndCall(inst, ctx);
  } finally {
    back();
  }
}

async function importAndCall(inst: TaskInstance, ctx: TaskContext): Promise<unknown> {
  const spec = inst.function!;
  const name = spec.slice(spec.lastIndexOf('#') + 1);
  let mod: Record<string, unknown>;
  try {
    const url = moduleUrl(spec, ctx.root);
    quietNodeTestBefore(url);
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw e;
    const file = safeModuleFile(spec, ctx.root);
    if (file && existsSync(file)) {
      // the module is there: one of ITS imports is missing (try11t B9: a worker's damaged env was
      // reported as "cannot find the module of function"); Node's message names the import
      const where = process.env.SSDP_PREFIX ? ` in env ${process.env.SSDP_PREFIX}` : '';
      throw new SsdpError('E_TASK_FUNCTION', `Task ${inst.id}: the module of function ${spec} is there, but an import of it failed on ${hostname()} (pid ${process.pid})${where}: ${(e as Error).message}`, {
        hint: `Install the missing package in the env the step runs in${where ? ` (${process.env.SSDP_PREFIX}; on a worker, remove that folder so the worker recreates it from the lockfile)` : ''}, or fix the import's path.`,
      });
    }
    throw new SsdpError('E_TASK_FUNCTION', `Task ${inst.id}: cannot find the module of function: ${spec} (looked from ${ctx.root}).`, {
      hint: 'Fix the path before # in ssdp.yaml (relative paths start with ./ and are taken from the folder of ssdp.yaml), or install the package it names.',
    });
  }
  const fn = mod[name];
  if (typeof fn !== 'function') {
    throw new SsdpError('E_TASK_FUNCTION', `Task ${inst.id}: ${spec} does not export a function '${name}'.`, {
      hint: `Export ${name} from that module (export function ${name}(args, ctx) {...}), or fix the name after # in ssdp.yaml.`,
    });
  }
  try {
    return await (fn as (args: unknown, ctx: TaskContext) => unknown)(inst.args, ctx);
  } catch (e) {
    if (isSsdpError(e)) throw e; // the author's own code and hint cross as they are
    throw functionThrew(inst, spec, e);
  }
}

/**
 * A function step runs with the project folder as its current folder, as a `cmd:` step does
 * (runShell's cwd): its relative paths (`out/sq-1.txt`) are the project's, not those of the
 * folder a worker or `ssdp run` happened to be started in (try11w W4: a worker started elsewhere
 * wrote the outputs into its own folder and the run failed E_OUTPUT_MISSING). Only in a task
 * process of its own (a child with IPC, one batch at a time): in the caller's process (sync
 * scheduler) the folder stays the caller's. The folder is given back afterwards, since a
 * worker's task process also runs other graphs whose paths are the worker's.
 * Returns what puts the folder back.
 */
function inProjectFolder(inst: TaskInstance, root: string): () => void {
  if (typeof process.send !== 'function' || !isMainThread) return () => {};
  const was = currentFolderIfAny(); // undefined: the process's own folder was deleted, nothing to go back to
  if (was === root) return () => {};
  try {
    process.chdir(root);
  } catch (e) {
    throw new SsdpError('E_TASK_FUNCTION', `Task ${inst.id}: cannot enter the project folder ${root} on ${hostname()} to run the step there (${(e as Error).message}).`, {
      hint: 'Run the workers on machines that see the project folder at the same path (a shared filesystem), or run the workflow locally.',
    });
  }
  return () => {
    if (was === undefined) return;
    try {
      process.chdir(was);
    } catch {
      /* the worker's folder is gone: the next step enters its own project folder anyway */
    }
  };
}

// ssdp's own engine folders: their frames say how the function was called, not what went wrong in it.
const ENGINE_DIRS = ['graph', 'workflow', 'util'].map((d) => fileURLToPath(new URL(`../${d}/`, import.meta.url)));

/** Longest thrown message printed whole: a 200 KB message is data, not a diagnosis. */
const MESSAGE_MAX = 2000;

/** What a task function threw, in words: an Error by name, anything else (a string, a plain object) by its own text. */
function describeThrown(e: unknown): { text: string; isError: boolean } {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return { text: `${e.name}: ${e.message}${typeof code === 'string' && !e.message.includes(code) ? ` (code ${code})` : ''}`, isError: true };
  }
  if (typeof e === 'string') return { text: `a string: ${e}`, isError: false };
  if (e !== null && typeof e === 'object') {
    const o = e as { message?: unknown; code?: unknown };
    const code = typeof o.code === 'string' || typeof o.code === 'number' ? ` (code ${o.code})` : '';
    if (typeof o.message === 'string') return { text: `an object, not an Error: ${o.message}${code}`, isError: false };
    let json: string | undefined;
    try {
      json = JSON.stringify(e);
    } catch {
      /* cyclic or not plain */
    }
    return { text: `an object, not an Error: ${json ?? String(e)}`, isError: false };
  }
  return { text: `${e === null ? 'null' : typeof e}: ${String(e)}`, isError: false };
}

function cut(text: string): string {
  if (text.length <= MESSAGE_MAX) return text;
  return `${text.slice(0, MESSAGE_MAX)}... [message cut: ${text.length - MESSAGE_MAX} more characters not shown]`;
}

/** A plain Error (or any non-ssdp value) thrown by a task function: its text and its own frames (no Node internals, no ssdp worker frames). */
function functionThrew(inst: TaskInstance, spec: string, e: unknown): SsdpError {
  const { text, isError } = describeThrown(e);
  const frames = (isError ? ((e as Error).stack ?? '') : '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .filter((l) => !/\(?node:/.test(l) && !ENGINE_DIRS.some((d) => l.includes(d) || l.includes(pathToFileURL(d).href)));
  const fix = 'Fix the function or the args it gets from ssdp.yaml, then run again (steps that finished are kept).';
  const hint = frames.length ? `The frames above are the function's own. ${fix}` : `${fix}${isError ? '' : ' Throwing an Error instead of this value shows where it happened.'}`;
  return new SsdpError('E_TASK_FAILED', `Step ${inst.id}: function ${spec} threw ${cut(text)}` + (frames.length ? `\n${frames.map((l) => `    | ${l.trim()}`).join('\n')}` : ''), { hint });
}

// Each command runs in its own process group, so stopping it stops what it started too (a
// pipeline, a python under sh). A worker that exits stops its commands; a worker killed outright
// cannot, so the run stops them by the group recorded in the step's running marker. The group
// also holds a watcher (SHELL_SCRIPT) that stops it when the task process dies: after a kill -9
// of an `ssdp worker` its task processes die (setpriv --pdeathsig) but no hook of theirs runs, and
// the command would finish later on its own, over the output of the attempt that replaced it.
const runningShells = new Map<number, ChildProcess>();
let exitHookInstalled = false;
const STDERR_TAIL_LINES = 10;

/**
 * Steps run in the run's own process (in-process.ts), several at once: each command's output goes
 * through the reporter a whole line at a time, as a worker's own output does (pool.ts), and its
 * environment is the one the workers would have had (the workflow env's), not this process's.
 */
let byLines = false;
let shellEnv: NodeJS.ProcessEnv | undefined;
export function runStepsHere(env: NodeJS.ProcessEnv | undefined): void {
  byLines = true;
  shellEnv = env;
}

/**
 * The run that started the steps of this process has ended (in-process.ts): the commands still
 * running are let go of as if their task process had died. Their watcher (SHELL_SCRIPT) sees its
 * stdin close and stops their group; nothing of theirs keeps this process alive; their steps
 * record nothing more (no stamp, no move aside): the run's clean-up (cleanUpInterrupted) has
 * their records.
 */
let abandoned = false;
export function abandonShells(): void {
  abandoned = true;
  for (const child of runningShells.values()) {
    child.stdin?.destroy();
    child.unref();
    for (const s of [child.stdout, child.stderr]) (s as Socket | null)?.unref();
  }
}

/** A step that would start after its run ended (abandonShells): it never starts. */
function afterRunEnded(inst: TaskInstance): Error {
  return new Error(`step ${inst.id} was not started: its run had ended`);
}

/**
 * execa, imported once (an ES-only package, which the run commands' CommonJS bundle may only
 * import()). Its first import took ~1 s on a loaded machine, between the step's marker and its
 * shell: a Ctrl-C then ended the run while the step had no shell on record, and the step started
 * anyway and ran to its end (tester s19 try8n N2). The in-process executor loads it when it opens.
 */
let execaLoad: Promise<typeof import('execa')> | undefined;
export const loadShellRunner = (): Promise<typeof import('execa')> => (execaLoad ??= import('execa'));

/**
 * Tests only: SSDP_TEST_HOLD_SHELL=FILE holds each step just before its shell starts (FILE.held
 * says it is there) until FILE exists, so a test can stop a run in that moment deterministically.
 */
async function testHold(): Promise<void> {
  const file = process.env.SSDP_TEST_HOLD_SHELL;
  if (!file) return;
  writeFileSync(`${file}.held`, '');
  while (!existsSync(file)) await new Promise((r) => setTimeout(r, 20));
}

function stopGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    /* gone */
  }
}

/**
 * The shell around a step's command. It waits for a line on stdin before it runs the command, so
 * its process group is on record (the running marker) before the command can write anything: a run
 * stopped at any moment can stop it. Then a watcher in the background keeps that stdin, which only
 * the task process holds open, until it closes: Node closes it once the shell has exited and been
 * reaped, and the kernel closes it when the task process dies, however it ended. If the shell is
 * still there then ($$ answers kill -0), the task process died under it and the watcher ends the
 * group: SIGTERM, and SIGKILL 2 s later for what ignored it. The watcher ignores SIGTERM so it lives
 * to send the SIGKILL, and writes to /dev/null so the step's output ends when the command does.
 * The command gets no stdin and no fd 3.
 */
const SHELL_SCRIPT = (stdoutToStderr: boolean): string =>
  [
    'read _ssdp_go || exit 1', // the task process died before its go: the step never started
    'exec 3<&0 </dev/null',
    "( trap '' TERM; read _ssdp_end <&3; kill -0 $$ 2>/dev/null || exit 0; kill -TERM 0; sleep 2; kill -KILL 0 ) >/dev/null 2>&1 &",
    `exec 3<&-${stdoutToStderr ? ' 1>&2' : ''}`,
    '_ssdp_cmd=$1; shift; eval "$_ssdp_cmd"',
  ].join('\n');

async function runShell(inst: TaskInstance, root: string, stdoutToStderr = false): Promise<unknown> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => runningShells.forEach((_, pid) => stopGroup(pid)));
  }
  const { execa } = await loadShellRunner();
  await testHold();
  // The run may have ended while this step waited (a stop signal): then it starts nothing. From
  // here to its running marker naming the shell nothing waits, so a stop sees one or the other.
  if (abandoned) throw afterRunEnded(inst);
  const child: ResultPromise = execa('/bin/sh', ['-c', SHELL_SCRIPT(stdoutToStderr), 'sh', inst.cmd!], {
    cwd: root,
    stdin: 'pipe',
    // In a worker the command's output goes to the worker's own streams; run from ssdp run itself, through the reporter.
    stdout: byLines ? 'pipe' : ['pipe', 'inherit'],
    stderr: byLines ? 'pipe' : ['pipe', 'inherit'],
    buffer: false,
    detached: true,
    reject: false,
    // the workflow env's variables as they are (extended, a variable the env takes out would come back)
    ...(shellEnv ? { env: shellEnv, extendEnv: false } : {}),
  });
  let tail = '';
  // The worker's streams carry many steps: a last line without its newline would be joined to
  // the next step's first line, so it gets one when the step ends.
  let outEndsLine = true;
  if (byLines) {
    forwardLines(child.stdout!, 'stdout');
    forwardLines(child.stderr!, 'stderr');
    child.stderr!.on('data', (d: string) => (tail = (tail + d).slice(-8192)));
  } else {
    child.stderr?.on('data', (d: Buffer) => (tail = (tail + d.toString()).slice(-8192)));
    child.stdout?.on('data', (d: Buffer) => (outEndsLine = d[d.length - 1] === 10));
  }
  if (child.pid !== undefined) {
    runningShells.set(child.pid, child as unknown as ChildProcess);
    markRunning(root, inst, child.pid);
  }
  child.stdin?.on('error', () => {}); // a shell that could not start
  child.stdin?.write('go\n'); // not end(): the watcher holds it (SHELL_SCRIPT); Node closes it when the shell exits
  const r = await child;
  if (!outEndsLine) process.stdout.write('\n');
  if (!byLines && tail && !tail.endsWith('\n')) process.stderr.write('\n');
  if (child.pid !== undefined) runningShells.delete(child.pid);
  if (!r.failed) return { exitCode: 0 };
  const how = r.signal ? `was killed by ${r.signal}` : r.exitCode !== undefined ? `exited with code ${r.exitCode}` : `could not start (${r.originalMessage})`;
  const lines = tail.trimEnd().split('\n').filter(Boolean).slice(-STDERR_TAIL_LINES);
  throw new SsdpError(
    'E_TASK_COMMAND',
    `Step ${inst.id}: the command ${how}:\n    $ ${inst.cmd}` + (lines.length ? `\n  last lines of its stderr:\n${lines.map((l) => `    | ${l}`).join('\n')}` : '\n  (it wrote nothing to stderr)'),
    { hint: 'Fix the command or what it reads, then run again: steps that finished are kept.' },
  );
}

function linksNote(root: string, links: string[]): string {
  return `${links.map((p) => shownPath(root, p)).join(', ')} ${links.length === 1 ? 'is a link' : 'are links'} (yours, e.g. to a data disk): left in place, not moved; check what the step wrote through ${links.length === 1 ? 'it' : 'them'}`;
}

/** Notes where a failed step's outputs went: in the error itself when it is ours, else as a warning. */
function withOutputsNote(e: unknown, note: string, inst: TaskInstance): unknown {
  if (isSsdpError(e)) return new SsdpError(e.code, `${e.message}\n  ${note}`, { hint: e.hint, exitCode: e.exitCode, cause: e.cause });
  printLine(`ssdp: warning: [${inst.id}] ${note}`);
  return e;
}

export async function executeInstance(payload: InstancePayload, ...depResults: unknown[]): Promise<unknown> {
  const { inst, root, depTasks, stdoutToStderr, run } = payload;
  // a later unit of a batch whose run has ended (a batch runs its units one after another)
  // its run has ended (a mark on the shared filesystem: a frozen broker may tell the worker nothing)
  if (abandoned || runEnded(root, run)) throw afterRunEnded(inst);
  const finished = finishedInThisRun(root, inst, run);
  if (finished) {
    printLine(`ssdp: note: [${inst.id}] an earlier attempt of this step finished in this run (${finished.finishedAt}) and was handed out again (its worker could not report it in time, e.g. while the broker stood still): not run a second time; its outputs and result are kept`);
    return finished.result;
  }
  const deps: Record<string, unknown[]> = {};
  inst.deps.forEach((id, i) => (deps[depTasks[id]!] ??= []).push(depResults[i]));
  let skipped: string | undefined;
  const ctx: TaskContext = {
    id: inst.id,
    deps,
    params: inst.vars,
    root,
    log: (m) => printLine(`[${inst.id}] ${m}`),
    warn: (m) => printLine(`ssdp: warning: [${inst.id}] ${m}`),
    skip: (reason) => {
      skipped = String(reason);
    },
  };
  // A file ssdp did not write is never replaced: it goes aside first (steps with no inputs never
  // get here with such files; the plan uses them as the data).
  const foreign = foreignOutputs(root, inst);
  if (foreign.length) {
    // An earlier attempt of this step that did not finish (its worker was killed, or lost the step,
    // which was handed out again) wrote them: a failed attempt's outputs, handled as a failed
    // step's (.ssdp/failed/), not as someone's files (.ssdp/replaced/; try11t T2).
    const earlier = unfinishedAttempt(root, inst.id);
    const { dirs, moved, links } = moveAside(root, inst.id, earlier ? 'failed' : 'replaced', foreign);
    const movedNames = foreign.filter((p) => !links.includes(p));
    const names = movedNames.map((p) => shownPath(root, p)).join(', ');
    const to = dirs.map((d) => shownPath(root, d)).join(' and ');
    if (moved.length && earlier) {
      const attempt = `an earlier attempt of this step${earlier.host && earlier.pid ? ` (pid ${earlier.pid} on ${earlier.host}, started ${earlier.started})` : ''}`;
      ctx.warn(`${names} ${movedNames.length === 1 ? 'is the partial output' : 'are the partial outputs'} of ${attempt} that did not finish (its worker was killed or lost the step): moved to ${to} before the step runs again`);
    } else if (moved.length) {
      ctx.warn(`${names} existed and ssdp did not write it: moved to ${to} before the step makes it again`);
    }
    if (links.length) ctx.warn(linksNote(root, links));
  }
  recording(root, inst, () => markRunning(root, inst, undefined, run));
  const t0 = performance.now();
  let result: unknown;
  try {
    result = inst.cmd !== undefined ? await runShell(inst, root, stdoutToStderr) : inst.function ? await runFunction(inst, ctx) : null;
    if (abandoned || runEnded(root, run)) throw new Error(`step ${inst.id} finished after its run had ended`);
    // A step that "succeeds" without making what it declares would fail later, in its consumer.
    const missing = inst.outputs.filter((p) => !existsSync(p));
    if (skipped !== undefined) {
      // left out on purpose (try8s S4): what it did write is set aside, so nothing later reads a
      // file of a step that says it made none (never deleted: it may be an earlier run's)
      const made = inst.outputs.filter((p) => !missing.includes(p));
      if (made.length) {
        const { dirs, moved, links } = moveAside(root, inst.id, 'failed', made);
        if (moved.length) ctx.warn(`the step left its outputs out (${skipped}); what it wrote (${moved.map((p) => shownPath(root, p)).join(', ')}) was moved to ${dirs.map((d) => `${shownPath(root, d)}/`).join(' and ')}`);
        if (links.length) ctx.warn(linksNote(root, links));
      }
    } else if (missing.length) {
      throw new SsdpError('E_OUTPUT_MISSING', `Step ${inst.id} finished but did not write ${missing.length === 1 ? 'its declared output' : 'these declared outputs'}: ${missing.map((p) => shownPath(root, p)).join(', ')}.`, {
        hint: `Make the step write ${missing.length === 1 ? 'it' : 'them'} (check the path it writes against outputs: in ssdp.yaml), or drop ${missing.length === 1 ? 'it' : 'them'} from outputs:.`,
      });
    }
  } catch (e) {
    if (abandoned || runEnded(root, run)) throw e; // the run's clean-up has this step's records (abandonShells)
    let aside: ReturnType<typeof moveAside>;
    try {
      aside = moveAside(root, inst.id, 'failed', inst.outputs);
    } catch (m) {
      // the step's own failure stays the error; why its outputs could not be set aside is a note
      markDone(root, inst);
      if (!isSsdpError(m)) throw m;
      throw withOutputsNote(e, `its outputs could not be moved aside: ${m.message} ${m.hint ?? ''}`.trim(), inst);
    }
    const { dirs, moved, links } = aside;
    markDone(root, inst);
    const notes = [
      ...(moved.length ? [`its outputs (${moved.length}) were moved to ${dirs.map((d) => `${shownPath(root, d)}/`).join(' and ')} so nothing uses a half-written file`] : []),
      ...(links.length ? [linksNote(root, links)] : []),
    ];
    throw notes.length ? withOutputsNote(e, notes.join('\n  '), inst) : e;
  }
  const stamped = await recordingAsync(root, inst, () => writeStamp(root, inst, result, (performance.now() - t0) / 1000, skipped, run, () => abandoned || runEnded(root, run)));
  // its run ended while the stamp's walk went on: the run's clean-up has this step's records
  if (!stamped) throw new Error(`step ${inst.id} finished after its run had ended`);
  markDone(root, inst);
  return result;
}

/**
 * ssdp's own record of a step (.ssdp/running, .ssdp/tasks): a full disk there is said as such,
 * not as the step's failure with the stack of ssdp's code (the step itself may have run fine).
 */
function recording(root: string, inst: TaskInstance, write: () => void): void {
  try {
    write();
  } catch (e) {
    throw recordingError(root, inst, e);
  }
}

/** recording of an asynchronous write (the stamp, whose walk turns the event loop). */
async function recordingAsync<T>(root: string, inst: TaskInstance, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw recordingError(root, inst, e);
  }
}

function recordingError(root: string, inst: TaskInstance, e: unknown): unknown {
  if (!isDiskFull(e)) return e;
  const where = join(root, '.ssdp');
  return new SsdpError('E_DISK_FULL', `Step ${inst.id}: ssdp could not record the step in ${where}: the disk is full (${diskFullWhy((e as NodeJS.ErrnoException).code)}).`, {
    hint: `Free space on the disk holding ${root} (see df -h ${JSON.stringify(root)}) and run again: steps already recorded are kept, this one runs again.`,
  });
}

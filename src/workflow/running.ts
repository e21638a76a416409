/**
 * A marker per step while it runs (.ssdp/running/), so a step that never finished is known even
 * when the process running it was killed outright: the run that notices (the interrupted run
 * itself on Ctrl-C/SIGTERM or a failure elsewhere, else the next run) stops its command and moves
 * its outputs aside, so nothing later trusts a half-written file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { moveAside } from './aside.js';
import { LEASE_RENEW_MS, dropLease, holdLease, leaseLapseMs, leasing } from './step-lease.js';
import type { TaskInstance } from './types.js';
import { SsdpError } from '../util/errors.js';
import { ownerGone } from '../util/lock.js';
import { readRegularFile } from '../util/read-regular.js';

interface RunningStep {
  id: string;
  outputs: string[];
  /** Process group of the step's shell command (cmd steps), to stop it. */
  shell?: number;
  started: string;
  /** The process running the step and its host (markers of older ssdp have neither). */
  host?: string;
  pid?: number;
  /** Its mtime is renewed while the step runs (step-lease.ts): an `ssdp worker`'s step. */
  lease?: boolean;
}

/** Tests only: SSDP_TEST_STEP_HOST names the host a worker's steps record, so a test on one machine sees them as another's. */
const stepHost = (): string => process.env.SSDP_TEST_STEP_HOST || hostname();

const runningDir = (root: string) => join(root, '.ssdp', 'running');
const markerFile = (root: string, id: string) => join(runningDir(root), `${createHash('sha1').update(id).digest('hex').slice(0, 20)}.json`);

/**
 * A run through `ssdp worker`s that was stopped (Ctrl-C) or failed writes this mark before it
 * stops its steps: its steps' task processes read it from the shared filesystem, not the broker
 * (which may stand still). A step of that run finishing afterwards records no stamp (its outputs
 * are moved aside as an unfinished step's), one not started yet does not start, and the lease
 * thread of a task process still running one kills that process (step-lease-thread.ts). Before,
 * with the broker frozen the steps ran to their end after the run had exited and were kept as
 * finished (tester s23 try11x J1: the next run appended to them, out/all.txt 5 instead of 4).
 */
export const endedRunMark = (root: string, run: string): string => join(runningDir(root), `ended-${run.replace(/[^A-Za-z0-9-]/g, '_')}.run`);

/** Writes the ended mark of `run` (best effort: without it the steps end when their worker hears of the stop). */
export function markRunEnded(root: string, run: string): void {
  try {
    mkdirSync(runningDir(root), { recursive: true });
    writeFileSync(endedRunMark(root, run), new Date().toISOString());
  } catch {
    /* a full disk: the broker's stop mark still reaches the workers */
  }
}

export function runEnded(root: string, run: string | undefined): boolean {
  return run !== undefined && existsSync(endedRunMark(root, run));
}

/** How long ended marks are kept: longer than any worker takes to hear its run ended. */
const ENDED_MARK_KEEP_MS = 24 * 3600_000;

/** Ended marks of runs a day old are removed (they are tiny; a worker may retry a stopped run's job for a while after). */
function pruneEndedMarks(root: string): void {
  let names: string[];
  try {
    names = readdirSync(runningDir(root)).filter((n) => n.startsWith('ended-') && n.endsWith('.run'));
  } catch {
    return;
  }
  for (const n of names) {
    try {
      if (Date.now() - statSync(join(runningDir(root), n)).mtimeMs > ENDED_MARK_KEEP_MS) unlinkSync(join(runningDir(root), n));
    } catch {
      /* gone meanwhile */
    }
  }
}

export function markRunning(root: string, inst: TaskInstance, shell?: number, run?: string): void {
  mkdirSync(runningDir(root), { recursive: true });
  const file = markerFile(root, inst.id);
  const step: RunningStep = { id: inst.id, outputs: inst.outputs, shell, started: new Date().toISOString(), host: stepHost(), pid: process.pid, ...(leasing() ? { lease: true } : {}) };
  try {
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(step));
    renameSync(`${file}.${process.pid}.tmp`, file);
  } catch (e) {
    rmSync(`${file}.${process.pid}.tmp`, { force: true }); // a half-written marker on a full disk would hold space
    throw e;
  }
  holdLease(file, run === undefined ? undefined : endedRunMark(root, run));
}

export function markDone(root: string, inst: TaskInstance): void {
  const file = markerFile(root, inst.id);
  dropLease(file);
  try {
    unlinkSync(file);
  } catch {
    /* never marked */
  }
}

/**
 * The marker of an attempt of step `id` that started and has not finished, if any: within a run
 * (a run's start clears earlier runs' markers, cleanUpInterrupted), one whose worker was killed or
 * lost the step, which was then handed out again. What exists at its outputs, it wrote.
 */
export function unfinishedAttempt(root: string, id: string): { host?: string; pid?: number; started: string } | undefined {
  try {
    const step = JSON.parse(readRegularFile(markerFile(root, id))) as RunningStep;
    return step.id === id ? { host: step.host, pid: step.pid, started: step.started } : undefined;
  } catch {
    return undefined; // none (or torn by a kill mid-write: that attempt had not started its work)
  }
}

/** How often waitForEarlierSteps looks again. */
const EARLIER_POLL_MS = 200;
/** How long a run waits for an earlier run's steps before it gives up with E_EARLIER_STEP_RUNNING. */
const EARLIER_WAIT_MS = 120_000;

/**
 * A run killed with -9 leaves its steps running where it cannot stop them: on `ssdp worker`s
 * (until they notice the run is gone: about 10 s, at once when its private redis-server is gone,
 * else up to SSDP_BROKER_RETRY_MS for a worker cut off from its broker) and in its task processes
 * here (until their step returns). Their functions write their outputs in place, after whatever a
 * newer run wrote (tester s20 try11a A1). So a run waits, before it cleans up after an earlier one,
 * until every step that earlier run still runs has ended: on this host its process is gone, on
 * another its lease (step-lease.ts) has lapsed (leaseLapseMs). Markers without a process (older ssdp) count as
 * ended, as before. `notice` is told once what the run waits for; past EARLIER_WAIT_MS it stops
 * with E_EARLIER_STEP_RUNNING naming the step, host and pid.
 *
 * Returns, for each step it saw still running, when it saw it ended (marker file -> ms): whatever
 * is at its outputs by then, that step wrote (cleanUpInterrupted's `endedAt`). A run stopped while
 * its broker stood still could not tell its workers, whose steps wrote on for seconds after it
 * exited; judged by the stopped run's last record those files were the user's, kept as data for
 * good (tester s22 try11w E3).
 */
export async function waitForEarlierSteps(root: string, notice: (m: string) => void): Promise<Map<string, number>> {
  const lapseMs = leaseLapseMs(); // a bad SSDP_STEP_LEASE_MS stops every run, not only one that waits
  const t0 = Date.now();
  /** Lease marker -> the mtime last seen and since when it has stood still. */
  const leases: Leases = new Map();
  let told = false;
  /** Markers seen running -> when they were first seen ended (0 while running). */
  const endedAt = new Map<string, number>();
  for (;;) {
    const running = stepsStillRunning(root, leases, lapseMs, false);
    const now = Date.now();
    const runningFiles = new Set(running.map((m) => m.file));
    for (const [file, at] of endedAt) if (at === 0 && !runningFiles.has(file)) endedAt.set(file, now);
    for (const file of runningFiles) endedAt.set(file, 0);
    const live = running.map((m) => m.step);
    if (live.length === 0) return endedAt;
    const named = live.map((s) => `${s.id} on ${s.host} (pid ${s.pid})`).join(', ');
    if (!told) {
      told = true;
      notice(`an earlier run of this workflow still runs step${live.length === 1 ? '' : 's'} ${named}: waiting for ${live.length === 1 ? 'it' : 'them'} to end, so ${live.length === 1 ? 'it cannot write its outputs' : 'they cannot write their outputs'} over this run's`);
    }
    if (Date.now() - t0 >= EARLIER_WAIT_MS) {
      throw new SsdpError('E_EARLIER_STEP_RUNNING', `An earlier run of this workflow (${root}) still runs step${live.length === 1 ? '' : 's'} ${named} after this run waited ${Math.round(EARLIER_WAIT_MS / 1000)} s for ${live.length === 1 ? 'it' : 'them'}: ${live.length === 1 ? 'it writes its outputs' : 'they write their outputs'} in place and could overwrite this run's, so this run did not start.`, {
        hint: `Stop ${live.length === 1 ? 'that process' : 'those processes'} (on its host: kill PID; the ssdp worker running it: kill or scancel that worker) or let ${live.length === 1 ? 'it' : 'them'} finish, then run again. A worker's step keeps its marker in ${runningDir(root)} renewed while its process lives.`,
      });
    }
    await new Promise((r) => setTimeout(r, EARLIER_POLL_MS));
  }
}

/** Lease marker -> the mtime last seen and since when it has stood still (leaseLapseMs). */
type Leases = Map<string, { mtimeMs: number; since: number }>;

/**
 * The markers of steps whose process still runs them: on this host its pid lives, on another its
 * lease (step-lease.ts) was renewed within `lapseMs` as `leases` has watched it. `leasedOnly`: only
 * steps of `ssdp worker`s (a run's own processes' steps are stopped with them).
 */
function stepsStillRunning(root: string, leases: Leases, lapseMs: number, leasedOnly: boolean): Array<{ file: string; step: RunningStep }> {
  const here = hostname();
  const live: Array<{ file: string; step: RunningStep }> = [];
  for (const { file, step } of runningMarkers(root)) {
    if (!step?.pid || !step.host || (leasedOnly && !step.lease)) continue;
    if (step.host === here) {
      if (!ownerGone(step.pid, Date.parse(step.started) || 0)) live.push({ file, step });
      continue;
    }
    if (!step.lease) continue;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      continue; // its step ended meanwhile
    }
    const seen = leases.get(file);
    if (!seen || seen.mtimeMs !== mtimeMs) leases.set(file, { mtimeMs, since: Date.now() });
    else if (Date.now() - seen.since >= lapseMs) continue;
    live.push({ file, step });
  }
  return live;
}

/**
 * A run through `ssdp worker`s that failed (E_BROKER_DATA after its broker restarted, a lost
 * broker, a dropped run) has told the workers to stop its steps, but a worker acts on that only
 * once it hears it (RUN_CHECK_MS after it reconnects). Moving the outputs aside before then, the
 * step wrote a fresh partial output afterwards, which the next run took as the user's data
 * (tester s21 try11t T4). So the run waits, at most `ms`, until the steps that `ssdp worker`s ran
 * for it have ended, as Ctrl-C waits for the workers to let go of them. Returns the marker files
 * of those still running then: cleanUpInterrupted leaves them for the next run, which waits for
 * them (waitForEarlierSteps) and moves aside what they wrote meanwhile (their lease says so).
 */
export async function awaitWorkerSteps(root: string, ms: number): Promise<Map<string, { id: string; host?: string; pid?: number }>> {
  const lapseMs = leaseLapseMs();
  const deadline = Date.now() + ms;
  const leases: Leases = new Map();
  for (;;) {
    const live = stepsStillRunning(root, leases, lapseMs, true);
    if (live.length === 0 || Date.now() >= deadline) return new Map(live.map(({ file, step }) => [file, { id: step.id, host: step.host, pid: step.pid }]));
    await new Promise((r) => setTimeout(r, EARLIER_POLL_MS));
  }
}

/**
 * What a run last saw at the outputs of its running steps, and when (`beat`). Written by the run's
 * main process (whose event loop steps never block) every BEAT_MS. After a kill -9 it tells the
 * next run which files the killed step wrote: one still as last seen, or changed no later than
 * the run could still have been alive. A file changed after that is someone else's (W1).
 */
interface Seen {
  beat: number;
  steps: Record<string, Record<string, FileId | null>>;
}
interface FileId {
  ino: number;
  size: number;
  mtimeMs: number;
}

const BEAT_MS = 500;
/** How long after its last beat a killed run may still have written: one beat, plus timer slack. */
const GRACE_MS = BEAT_MS + 250;
const seenFile = (root: string) => join(runningDir(root), 'seen.state');

function fileId(p: string): FileId | null {
  try {
    const st = statSync(p);
    return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return null;
  }
}

/** Starts recording what the running steps' outputs look like; returns the stop function. */
export function watchRunning(root: string): () => void {
  const beat = () => {
    const steps: Seen['steps'] = {};
    for (const { step } of runningMarkers(root)) if (step) steps[step.id] = Object.fromEntries(step.outputs.map((p) => [p, fileId(p)]));
    try {
      mkdirSync(runningDir(root), { recursive: true });
      writeFileSync(`${seenFile(root)}.${process.pid}.tmp`, JSON.stringify({ beat: Date.now(), steps } satisfies Seen));
      renameSync(`${seenFile(root)}.${process.pid}.tmp`, seenFile(root));
    } catch {
      /* best effort: without it, the marker's start time bounds what counts as the step's */
    }
  };
  beat();
  const timer = setInterval(beat, BEAT_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    rmSync(seenFile(root), { force: true });
  };
}

function readSeen(root: string): Seen | undefined {
  try {
    return JSON.parse(readRegularFile(seenFile(root))) as Seen;
  } catch {
    return undefined;
  }
}

/**
 * An interrupted step's outputs: which it wrote (moved aside) and which someone changed since the
 * run died (left in place; `appeared`: absent at the last record, so not started by the step).
 *
 * The race, honestly: a step that creates an output in the last BEAT_MS before a kill -9 leaves a
 * file the last record calls absent, and it is kept as the user's. Deciding the other way would
 * move a file the user put there right after the kill, which the README promises never to do; a
 * kept file is at worst a partial output left in place with a warning naming it.
 */
function splitOutputs(step: RunningStep, marker: string, seen: Seen | undefined, ownRun: boolean, endedAt = 0): { ours: string[]; theirs: string[]; appeared: string[] } {
  // a step this run watched end (waitForEarlierSteps) surely wrote until then
  const leased = Math.max(leasedUntil(step, marker), endedAt);
  const alive = Math.max(seen?.beat ?? 0, Date.parse(step.started) || 0, leased);
  const recorded = seen?.steps[step.id];
  const ours: string[] = [];
  const theirs: string[] = [];
  const appeared: string[] = [];
  for (const p of step.outputs) {
    const now = fileId(p);
    if (!now) continue;
    // The run that stopped the step itself knows the files are the step's.
    if (ownRun) {
      ours.push(p);
      continue;
    }
    const last = recorded?.[p];
    if (recorded && last === null && now.mtimeMs > leased + GRACE_MS) {
      // Absent when last seen, and not written while the step's lease said it still ran: the step
      // had not started writing it then.
      theirs.push(p);
      appeared.push(p);
      continue;
    }
    const same = last && last.ino === now.ino && last.size === now.size && last.mtimeMs === now.mtimeMs;
    // Seen before (or the step started after the last record): changed no later than the run could still write -> the step's.
    (same || now.mtimeMs <= alive + GRACE_MS ? ours : theirs).push(p);
  }
  return { ours, theirs, appeared };
}

/**
 * Until when an `ssdp worker`'s step surely still ran (ms, 0 if not leased): its lease was last
 * renewed at the marker's mtime, and the step may have written until its next renewal. The worker
 * runs it on after its submitter was killed with -9 (until it sees the run's heartbeat lapse), so
 * the submitter's last record says nothing of those writes: judged by it, the step's half-written
 * outputs were kept as the user's files, for good (tester s21 try11t T1).
 */
function leasedUntil(step: RunningStep, marker: string): number {
  if (!step.lease) return 0;
  try {
    return statSync(marker).mtimeMs + LEASE_RENEW_MS;
  } catch {
    return 0;
  }
}

/**
 * Steps an earlier run left unfinished whose outputs a real run would move aside, read only (for
 * --dry-run, which must plan as a real run would). A step with an output changed since is planned
 * from the files as they are, as the real run does.
 */
export function unfinishedSteps(root: string): string[] {
  const seen = readSeen(root);
  return runningMarkers(root).flatMap((m) => (m.step && splitOutputs(m.step, m.file, seen, false).theirs.length === 0 ? [m.step.id] : []));
}

/** Every marker in the running folder; `step` undefined where a kill tore it mid-write (that step had not started its work). */
function runningMarkers(root: string): Array<{ file: string; step?: RunningStep }> {
  let names: string[];
  try {
    names = readdirSync(runningDir(root)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.map((name) => {
    const file = join(runningDir(root), name);
    try {
      return { file, step: JSON.parse(readRegularFile(file)) as RunningStep };
    } catch {
      return { file };
    }
  });
}

export interface Interrupted {
  id: string;
  /** Where its outputs went, if it had written any. */
  /** The folders its outputs were moved into (the project's .ssdp/failed/STEP, DIR/.ssdp-failed/STEP outside it). */
  movedTo?: string[];
  moved: string[];
  /** Outputs changed after the interrupted run stopped: not the step's, left where they are. */
  kept: string[];
  /** Those of `kept` that were absent at the run's last record. */
  appeared: string[];
  /** When the run last recorded its steps' outputs (ms), if it did. */
  lastSeen?: number;
}

/**
 * Cleans up after steps that did not finish. `stopCommands` only right after our own workers
 * were stopped: a pid from an older run may belong to an unrelated process by now.
 */
export function cleanUpInterrupted(root: string, opts: { stopCommands: boolean; stillRunning?: ReadonlyMap<string, unknown>; endedAt?: ReadonlyMap<string, number> }): Interrupted[] {
  const found: Interrupted[] = [];
  const seen = readSeen(root);
  for (const { file, step } of runningMarkers(root)) {
    // an ssdp worker still runs it (awaitWorkerSteps): its marker stays for the next run, which
    // waits for it and moves what it wrote aside; moved now, it would write a fresh file after
    if (opts.stillRunning?.has(file)) continue;
    if (!step) {
      unlinkSync(file); // torn by a kill mid-write: the step had not started its work
      continue;
    }
    if (opts.stopCommands && step.shell) {
      try {
        process.kill(-step.shell, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    const { ours, theirs, appeared } = splitOutputs(step, file, seen, opts.stopCommands, opts.endedAt?.get(file));
    const { dirs, moved } = moveAside(root, step.id, 'failed', ours);
    found.push({ id: step.id, movedTo: moved.length ? dirs : undefined, moved, kept: theirs, appeared, lastSeen: seen?.beat });
    unlinkSync(file);
  }
  rmSync(seenFile(root), { force: true });
  if (!opts.stopCommands) pruneEndedMarks(root);
  return found;
}

/**
 * A marker per step while it runs (.ssdp/running/), so a step that never finished is known even
 * when the process running it was killed outright: the run that notices (the interrupted run
 * itself on Ctrl-C/SIGTERM or a failure elsewhere, else the next run) stops its command and moves
 * its outputs aside, so nothing later trusts a half-written file.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { moveAside } from './aside.js';
import type { TaskInstance } from './types.js';
import { readRegularFile } from '../util/read-regular.js';

interface RunningStep {
  id: string;
  outputs: string[];
  /** Process group of the step's shell command (cmd steps), to stop it. */
  shell?: number;
  started: string;
}

const runningDir = (root: string) => join(root, '.ssdp', 'running');
const markerFile = (root: string, id: string) => join(runningDir(root), `${createHash('sha1').update(id).digest('hex').slice(0, 20)}.json`);

export function markRunning(root: string, inst: TaskInstance, shell?: number): void {
  mkdirSync(runningDir(root), { recursive: true });
  const file = markerFile(root, inst.id);
  const step: RunningStep = { id: inst.id, outputs: inst.outputs, shell, started: new Date().toISOString() };
  try {
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(step));
    renameSync(`${file}.${process.pid}.tmp`, file);
  } catch (e) {
    rmSync(`${file}.${process.pid}.tmp`, { force: true }); // a half-written marker on a full disk would hold space
    throw e;
  }
}

export function markDone(root: string, inst: TaskInstance): void {
  try {
    unlinkSync(markerFile(root, inst.id));
  } catch {
    /* never marked */
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
function splitOutputs(step: RunningStep, seen: Seen | undefined, ownRun: boolean): { ours: string[]; theirs: string[]; appeared: string[] } {
  const alive = Math.max(seen?.beat ?? 0, Date.parse(step.started) || 0);
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
    if (recorded && last === null) {
      // Absent when last seen: the step had not started writing it then.
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
 * Steps an earlier run left unfinished whose outputs a real run would move aside, read only (for
 * --dry-run, which must plan as a real run would). A step with an output changed since is planned
 * from the files as they are, as the real run does.
 */
export function unfinishedSteps(root: string): string[] {
  const seen = readSeen(root);
  return runningMarkers(root).flatMap((m) => (m.step && splitOutputs(m.step, seen, false).theirs.length === 0 ? [m.step.id] : []));
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
export function cleanUpInterrupted(root: string, opts: { stopCommands: boolean }): Interrupted[] {
  const found: Interrupted[] = [];
  const seen = readSeen(root);
  for (const { file, step } of runningMarkers(root)) {
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
    const { ours, theirs, appeared } = splitOutputs(step, seen, opts.stopCommands);
    const { dirs, moved } = moveAside(root, step.id, 'failed', ours);
    found.push({ id: step.id, movedTo: moved.length ? dirs : undefined, moved, kept: theirs, appeared, lastSeen: seen?.beat });
    unlinkSync(file);
  }
  rmSync(seenFile(root), { force: true });
  return found;
}

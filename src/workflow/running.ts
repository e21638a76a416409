/**
 * A marker per step while it runs (.ssdp/running/), so a step that never finished is known even
 * when the process running it was killed outright: the run that notices (the interrupted run
 * itself on Ctrl-C/SIGTERM or a failure elsewhere, else the next run) stops its command and moves
 * its outputs aside, so nothing later trusts a half-written file.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { moveAside } from './aside.js';
import type { TaskInstance } from './types.js';

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
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(step));
  renameSync(`${file}.${process.pid}.tmp`, file);
}

export function markDone(root: string, inst: TaskInstance): void {
  try {
    unlinkSync(markerFile(root, inst.id));
  } catch {
    /* never marked */
  }
}

/** Steps an earlier run left unfinished, read only (for --dry-run, which must plan as a real run would). */
export function unfinishedSteps(root: string): string[] {
  let names: string[];
  try {
    names = readdirSync(runningDir(root)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const ids: string[] = [];
  for (const name of names) {
    try {
      ids.push((JSON.parse(readFileSync(join(runningDir(root), name), 'utf8')) as RunningStep).id);
    } catch {
      /* torn marker: that step had not started its work */
    }
  }
  return ids;
}

export interface Interrupted {
  id: string;
  /** Where its outputs went, if it had written any. */
  movedTo?: string;
  moved: string[];
}

/**
 * Cleans up after steps that did not finish. `stopCommands` only right after our own workers
 * were stopped: a pid from an older run may belong to an unrelated process by now.
 */
export function cleanUpInterrupted(root: string, opts: { stopCommands: boolean }): Interrupted[] {
  let names: string[];
  try {
    names = readdirSync(runningDir(root)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const found: Interrupted[] = [];
  for (const name of names) {
    const file = join(runningDir(root), name);
    let step: RunningStep;
    try {
      step = JSON.parse(readFileSync(file, 'utf8')) as RunningStep;
    } catch {
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
    const { dir, moved } = moveAside(root, step.id, 'failed', step.outputs);
    found.push({ id: step.id, movedTo: moved.length ? dir : undefined, moved });
    unlinkSync(file);
  }
  return found;
}

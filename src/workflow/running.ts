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
  return runningMarkers(root).flatMap((m) => (m.step ? [m.step.id] : []));
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
      return { file, step: JSON.parse(readFileSync(file, 'utf8')) as RunningStep };
    } catch {
      return { file };
    }
  });
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
  const found: Interrupted[] = [];
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
    const { dir, moved } = moveAside(root, step.id, 'failed', step.outputs);
    found.push({ id: step.id, movedTo: moved.length ? dir : undefined, moved });
    unlinkSync(file);
  }
  return found;
}

/**
 * A marker per step while it runs (.ssdp/running/), so a step that never finished is known even
 * when the process running it was killed outright: the run that notices (the interrupted run
 * itself on Ctrl-C/SIGTERM or a failure elsewhere, else the next run) stops its command and moves
 * its outputs aside, so nothing later trusts a half-written file.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { moveAside } from './aside.js';
const runningDir = (root) => join(root, '.ssdp', 'running');
const markerFile = (root, id) => join(runningDir(root), `${createHash('sha1').update(id).digest('hex').slice(0, 20)}.json`);
export function markRunning(root, inst, shell) {
    mkdirSync(runningDir(root), { recursive: true });
    const file = markerFile(root, inst.id);
    const step = { id: inst.id, outputs: inst.outputs, shell, started: new Date().toISOString() };
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(step));
    renameSync(`${file}.${process.pid}.tmp`, file);
}
export function markDone(root, inst) {
    try {
        unlinkSync(markerFile(root, inst.id));
    }
    catch {
        /* never marked */
    }
}
const BEAT_MS = 500;
/** How long after its last beat a killed run may still have written: one beat, plus timer slack. */
const GRACE_MS = BEAT_MS + 250;
const seenFile = (root) => join(runningDir(root), 'seen.state');
function fileId(p) {
    try {
        const st = statSync(p);
        return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
    }
    catch {
        return null;
    }
}
/** Starts recording what the running steps' outputs look like; returns the stop function. */
export function watchRunning(root) {
    const beat = () => {
        const steps = {};
        for (const { step } of runningMarkers(root))
            if (step)
                steps[step.id] = Object.fromEntries(step.outputs.map((p) => [p, fileId(p)]));
        try {
            mkdirSync(runningDir(root), { recursive: true });
            writeFileSync(`${seenFile(root)}.${process.pid}.tmp`, JSON.stringify({ beat: Date.now(), steps }));
            renameSync(`${seenFile(root)}.${process.pid}.tmp`, seenFile(root));
        }
        catch {
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
function readSeen(root) {
    try {
        return JSON.parse(readFileSync(seenFile(root), 'utf8'));
    }
    catch {
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
function splitOutputs(step, seen, ownRun) {
    const alive = Math.max(seen?.beat ?? 0, Date.parse(step.started) || 0);
    const recorded = seen?.steps[step.id];
    const ours = [];
    const theirs = [];
    const appeared = [];
    for (const p of step.outputs) {
        const now = fileId(p);
        if (!now)
            continue;
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
export function unfinishedSteps(root) {
    const seen = readSeen(root);
    return runningMarkers(root).flatMap((m) => (m.step && splitOutputs(m.step, seen, false).theirs.length === 0 ? [m.step.id] : []));
}
/** Every marker in the running folder; `step` undefined where a kill tore it mid-write (that step had not started its work). */
function runningMarkers(root) {
    let names;
    try {
        names = readdirSync(runningDir(root)).filter((n) => n.endsWith('.json'));
    }
    catch {
        return [];
    }
    return names.map((name) => {
        const file = join(runningDir(root), name);
        try {
            return { file, step: JSON.parse(readFileSync(file, 'utf8')) };
        }
        catch {
            return { file };
        }
    });
}
/**
 * Cleans up after steps that did not finish. `stopCommands` only right after our own workers
 * were stopped: a pid from an older run may belong to an unrelated process by now.
 */
export function cleanUpInterrupted(root, opts) {
    const found = [];
    const seen = readSeen(root);
    for (const { file, step } of runningMarkers(root)) {
        if (!step) {
            unlinkSync(file); // torn by a kill mid-write: the step had not started its work
            continue;
        }
        if (opts.stopCommands && step.shell) {
            try {
                process.kill(-step.shell, 'SIGKILL');
            }
            catch {
                /* already gone */
            }
        }
        const { ours, theirs, appeared } = splitOutputs(step, seen, opts.stopCommands);
        const { dir, moved } = moveAside(root, step.id, 'failed', ours);
        found.push({ id: step.id, movedTo: moved.length ? dir : undefined, moved, kept: theirs, appeared, lastSeen: seen?.beat });
        unlinkSync(file);
    }
    rmSync(seenFile(root), { force: true });
    return found;
}
//# sourceMappingURL=running.js.map
/**
 * Moving a step's files out of the way instead of deleting them: the outputs of a failed or
 * interrupted step (half-written, so nothing later may trust them) go to .ssdp/failed/STEP/, and
 * a file ssdp did not write that a step is about to replace goes to .ssdp/replaced/STEP-TIME/.
 * Kept, not deleted, because a partial file is often what explains the failure, and a file
 * ssdp did not write may be someone's only copy. An output outside the project (a `${param}`
 * pointing at a data disk) is moved inside its own folder, DIR/.ssdp-failed/ or
 * DIR/.ssdp-replaced/: a rename on its own disk, and never into another project's .ssdp.
 */
import { cpSync, existsSync, lstatSync, mkdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { movableOutput } from './output-place.js';
import { isMountPoint, mountsAt } from '../env/mounts.js';
import { mountPointError } from './output-mounts.js';
import { fnv64Hex } from '../util/light-hash.js';
import { NAME_MAX, PATH_MAX, asidePathTooLong, isPathTooLong } from '../util/path-too-long.js';

export type AsideKind = 'failed' | 'replaced';

const safe = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * The step's aside folder name. A long step id (a foreach value that is a long file name) is
 * cut and given a hash of the whole id, so that the name with `-TIME-N` added when it is rotated
 * still fits in NAME_MAX (tester s18 try8k K8: the rename to STEP-TIME failed with ENAMETOOLONG
 * and every later run stopped there). safe() leaves ASCII only, so length is bytes.
 */
const ROTATE_ROOM = 40; // '-2026-12-01T06-59-11Z' and a '-N' with room to spare
export function stepFolderName(id: string): string {
  const name = safe(id);
  const max = NAME_MAX - ROTATE_ROOM;
  return name.length <= max ? name : `${name.slice(0, max - 17)}-${fnv64Hex(id)}`;
}

const fits = (p: string) => Buffer.byteLength(p) <= PATH_MAX && p.split('/').every((part) => Buffer.byteLength(part) <= NAME_MAX);

/**
 * Where `abs` goes in the aside folder `dir`: under its path in the project (or its own name), or,
 * when that would pass PATH_MAX (a project deep on disk), under a hash of its path, with its
 * name when that fits: kept, and out of the way, which is what matters for a half-written file.
 */
function asideDest(dir: string, abs: string, keptAs: string): string | undefined {
  const hash = fnv64Hex(abs);
  return [join(dir, keptAs), join(dir, `${hash}-${basename(abs)}`), join(dir, hash)].find(fits);
}

/**
 * A time as a folder name a person can read and sort: 2026-12-01T06-59-11Z (ISO 8601 in UTC,
 * with '-' for ':', which make, scp and Windows shares read as separators).
 */
export function timeName(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/** `base` or, when that is taken, base-2, base-3...: two failures in one second keep both. */
function freeName(base: string): string {
  for (let n = 1; ; n++) {
    const p = n === 1 ? base : `${base}-${n}`;
    if (!existsSync(p)) return p;
  }
}

/** The folder a path is moved aside into: the project's .ssdp/KIND, or DIR/.ssdp-KIND next to an outside output. */
function asideBase(root: string, kind: AsideKind, p: string, place: 'project' | 'external'): string {
  return place === 'project' ? join(root, '.ssdp', kind) : join(dirname(p), `.ssdp-${kind}`);
}

/**
 * Makes this failure's or replacement's folder under `base`: failed/STEP/ holds the latest
 * failure (an older one is renamed STEP-TIME after its own time, never deleted: after a kill -9,
 * what sits at an output path may be a file the user put there since); replaced/STEP-TIME/.
 */
function reserve(base: string, kind: AsideKind, id: string): string {
  mkdirSync(base, { recursive: true });
  const step = join(base, stepFolderName(id));
  if (kind === 'replaced') {
    const dir = freeName(`${step}-${timeName(Date.now())}`);
    mkdirSync(dir);
    return dir;
  }
  if (existsSync(step)) renameSync(step, freeName(`${step}-${timeName(statSync(step).mtimeMs)}`));
  mkdirSync(step);
  return step;
}

/**
 * Moves the existing ones of `paths` into a fresh aside folder; returns that folder (the
 * project's, or the first one used), every folder used, the new paths (none: nothing existed),
 * and the outputs that are links, left in place: a link is the user's own
 * (`ln -s /big/disk data`), and moving it would cut the project off its data.
 */
export function moveAside(root: string, id: string, kind: AsideKind, paths: string[]): { dir: string; dirs: string[]; moved: string[]; links: string[] } {
  const links = paths.filter((p) => lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink());
  paths = paths.filter((p) => !links.includes(p));
  // Only outputs the workflow file may name are moved (output-place.ts): a running-step record
  // from an older ssdp may still name another, and moving the project's parent or a shared
  // folder is never right.
  const dirs = new Map<string, string>();
  const moved: string[] = [];
  for (const p of paths) {
    const abs = resolve(root, p);
    const place = movableOutput(root, abs);
    if (!place || !existsSync(abs)) continue;
    // (the run refuses these before any step; a volume mounted while the step ran gets here)
    if (isMountPoint(abs)) {
      emptyOnesGone(dirs);
      throw mountPointError(shownPath(root, abs), `Step ${id}: its output`, !lstatSync(abs).isDirectory());
    }
    const base = asideBase(root, kind, abs, place);
    let dest: string | undefined;
    try {
      let dir = dirs.get(base);
      if (!dir) dirs.set(base, (dir = reserve(base, kind, id)));
      dest = asideDest(dir, abs, place === 'project' ? relative(root, abs) : basename(abs));
      if (dest === undefined) throw Object.assign(new Error('ENAMETOOLONG'), { code: 'ENAMETOOLONG', dest: join(dir, basename(abs)) });
      mkdirSync(dirname(dest), { recursive: true });
      try {
        renameSync(abs, dest);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
        // An output on another file system than the project (under a data link): copy, then
        // remove; never across a volume mounted inside it, whose files the remove would delete.
        const inside = mountsAt(abs);
        if (inside.length) throw mountPointError(`${shownPath(root, abs)} (a volume is mounted at ${inside.join(', ')})`, `Step ${id}: its output`);
        cpSync(abs, dest, { recursive: true });
        rmSync(abs, { recursive: true, force: true });
      }
      moved.push(dest);
    } catch (e) {
      emptyOnesGone(dirs);
      throw isPathTooLong(e) ? asidePathTooLong(e, abs, kind, (e as { dest?: string }).dest ?? dest ?? base) : e;
    }
  }
  const used = [...dirs.values()];
  return { dir: dirs.get(join(root, '.ssdp', kind)) ?? used[0] ?? join(root, '.ssdp', kind, stepFolderName(id)), dirs: used, moved, links };
}

/** Aside folders this call made that stayed empty (a move that failed): removed, so none piles up run after run. */
function emptyOnesGone(dirs: Map<string, string>): void {
  for (const d of dirs.values()) {
    try {
      rmdirSync(d); // only ever an empty folder
    } catch {
      // not empty (something was moved there) or already gone: kept
    }
  }
}

/** A path as messages show it: relative inside the project, absolute outside it. */
export function shownPath(root: string, p: string): string {
  const r = relative(root, p);
  return r === '' || r.startsWith('..') ? p : r;
}

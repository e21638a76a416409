/**
 * Moving a step's files out of the way instead of deleting them: the outputs of a failed or
 * interrupted step (half-written, so nothing later may trust them) go to .ssdp/failed/STEP/, and
 * a file ssdp did not write that a step is about to replace goes to .ssdp/replaced/STEP-TIME/.
 * Kept, not deleted, because a partial file is often what explains the failure, and a file
 * ssdp did not write may be someone's only copy.
 */
import { cpSync, existsSync, lstatSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { movableOutput } from './output-place.js';

export type AsideKind = 'failed' | 'replaced';

const safe = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_');

export function asideDir(root: string, kind: AsideKind, id: string): string {
  return join(root, '.ssdp', kind, kind === 'failed' ? safe(id) : `${safe(id)}-${Date.now()}`);
}

/**
 * Moves the existing ones of `paths` into a fresh aside folder; returns that folder and the new
 * paths (none: nothing existed), and the outputs that are links, left in place: a link is the
 * user's own (`ln -s /big/disk data`), and moving it would cut the project off its data.
 */
export function moveAside(root: string, id: string, kind: AsideKind, paths: string[]): { dir: string; moved: string[]; links: string[] } {
  const dir = asideDir(root, kind, id);
  const links = paths.filter((p) => lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink());
  paths = paths.filter((p) => !links.includes(p));
  // Only paths strictly inside the project and outside .ssdp/ are ever moved: the workflow file
  // refuses other outputs (output-place.ts), but a running-step record from an older ssdp may
  // still name one, and moving the project's parent or a shared folder is never right.
  const present = paths.filter((p) => movableOutput(root, resolve(root, p)) && existsSync(p));
  if (present.length === 0) return { dir, moved: [], links };
  // STEP/ holds the latest failure only (older leftovers would be mistaken for it), but an older
  // one is renamed, never deleted: after a kill -9, what sits at an output path may be a file the
  // user put there since, and ssdp cannot tell it from the half-written one.
  if (kind === 'failed' && existsSync(dir)) renameSync(dir, `${dir}-${Math.floor(statSync(dir).mtimeMs)}`);
  const moved: string[] = [];
  for (const p of present) {
    const dest = join(dir, relative(root, p));
    mkdirSync(dirname(dest), { recursive: true });
    try {
      renameSync(p, dest);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
      // An output on another file system than the project: copy, then remove.
      cpSync(p, dest, { recursive: true });
      rmSync(p, { recursive: true, force: true });
    }
    moved.push(dest);
  }
  return { dir, moved, links };
}

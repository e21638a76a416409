/**
 * What killed or blocked env changes left next to envs, for `ssdp env list` (names them) and
 * `ssdp clean` (deletes them): a create's staging folder and an env remove's renamed-away env
 * whose process is gone, and folders set aside because a file in them refuses deletion. Looked
 * for in ROOT/envs and, for -p envs, next to each recorded prefix (only under that prefix's
 * name: the folder holding it is the user's).
 */
import { basename, dirname } from 'node:path';
import { leftoverStem, rootLayout } from './prefix.js';
import { deadLeftovers, hasLeftovers, removeTreeReport, UNDELETABLE_NOTE, type Leftover } from './swap.js';
import { onMissingDisk, readRegistered, unregisterPrefix } from './target.js';

export function findLeftovers(root: string): Leftover[] {
  const out: Leftover[] = [];
  const registered = readRegistered(root);
  const byDir = new Map<string, Set<string>>();
  for (const p of registered) {
    const names = byDir.get(dirname(p)) ?? new Set<string>();
    names.add(basename(p));
    byDir.set(dirname(p), names);
  }
  out.push(...deadLeftovers(rootLayout(root).envs));
  for (const [dir, names] of byDir) if (dir !== rootLayout(root).envs) out.push(...deadLeftovers(dir, names));
  // An env recorded under a leftover's name (made before create -p refused such names, B3) is an env.
  const envs = new Set(registered);
  return out.filter((l) => !envs.has(l.path));
}

export function describeLeftover(l: Leftover): string {
  if (l.kind === 'create') return `${l.path} is what is left of an env create or change that was killed; ssdp clean deletes it.`;
  if (l.kind === 'remove') return `${l.path} is what is left of an env remove that was killed; ssdp clean deletes it.`;
  return `${l.path} holds files that refused deletion (chattr +i / +a?; see ${UNDELETABLE_NOTE} in it); lift the attribute, then ssdp clean deletes it.`;
}

/** Deletes every leftover it can; returns those deleted and those that still refuse (with what refuses). */
export function removeLeftovers(root: string): { removed: Leftover[]; kept: Array<Leftover & { refused: string[]; mounts: string[] }> } {
  const removed: Leftover[] = [];
  const kept: Array<Leftover & { refused: string[]; mounts: string[] }> = [];
  for (const l of findLeftovers(root)) {
    const { refused, mounts } = removeTreeReport(l.path);
    if (refused.length === 0 && mounts.length === 0) removed.push(l);
    else kept.push({ ...l, refused, mounts });
    // A killed create's record (made before its staging folder) would list the env as missing
    // for ever once its staging folder is gone: the env was never there, so the record goes too.
    // A killed remove's leftover is the env renamed away by the remove: proof the user removed it,
    // so its record goes as well (it was kept and listed as "a disk not mounted?" for ever, and
    // clean kept every package for it; try8x F1). A folder absent with no such leftover is not
    // forgotten: its disk may come back.
    // (The leftover names the env by leftoverStem: the name, or for a long one a cut and a hash.)
    const stem = l.kind !== 'undeletable' && refused.length === 0 ? /^\.(.+)\.ssdp-(?:staging|removing)-/.exec(basename(l.path))?.[1] : undefined;
    const prefix = stem === undefined ? undefined : readRegistered(root).find((p) => dirname(p) === dirname(l.path) && leftoverStem(basename(p)) === stem);
    if (prefix && onMissingDisk(prefix) && !hasLeftovers(prefix)) unregisterPrefix(root, prefix);
  }
  return { removed, kept };
}

/** clean's line for a leftover it deleted (given by path, as in clean --json). */
export function removedNote(path: string): string {
  const kind = /\.ssdp-(staging|removing|undeletable)-[^/]*$/.exec(path)?.[1];
  if (kind === 'staging') return `Removed ${path}: the leftover of an env create or change that was killed.`;
  if (kind === 'undeletable') return `Removed ${path}: what an earlier command could not delete (its files no longer refuse).`;
  return `Removed ${path}: the leftover of an env remove that was killed.`;
}

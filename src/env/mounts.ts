/**
 * Mounted volumes in or at an env. An env changes by renaming whole folders and deleting the old
 * one: a mount point cannot be renamed (EBUSY), and a volume mounted inside the env would be
 * copied into the new revision (writes no longer reach it) and its content deleted with the old
 * one. So a change or removal is refused before anything is touched while such a mount exists.
 */
import { existsSync, readFileSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { SsdpError } from '../util/errors.js';

/** Mount points listed by the kernel (Linux); undefined where /proc is not there. */
function kernelMountPoints(): string[] | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return undefined;
  }
  // Field 5 is the mount point, with space, tab, newline and backslash written as \ooo.
  return text.split('\n').filter(Boolean).map((l) => (l.split(' ')[4] ?? '').replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
}

/** Folders inside `dir` on another device than `dir` (where /proc is missing): a walk comparing st_dev. */
function otherDeviceFolders(dir: string, dev: number, found: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const p = join(dir, n);
    let st: Stats;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (!st.isDirectory()) continue;
    if (st.dev !== dev) found.push(p);
    else otherDeviceFolders(p, dev, found);
  }
}

/** The prefix itself if it is a mount point, and every mount point inside it. */
export function mountsAt(prefix: string): string[] {
  if (!existsSync(prefix)) return [];
  let real: string;
  let st: Stats;
  try {
    real = realpathSync(prefix);
    st = statSync(real);
  } catch {
    return [];
  }
  const found: string[] = [];
  const parent = dirname(real);
  if (parent !== real && statSync(parent).dev !== st.dev) found.push(real);
  const listed = kernelMountPoints();
  if (listed) {
    // Same-device bind mounts are mount points too (and as unrenameable): the kernel's list names them.
    for (const m of listed) if ((m === real || m.startsWith(real + '/')) && !found.includes(m)) found.push(m);
  } else {
    otherDeviceFolders(real, st.dev, found);
  }
  return found.sort();
}

/**
 * Whether `p` (through links) is itself a mount point: on another device than its folder, or listed
 * by the kernel (a same-device bind mount). Such a folder cannot be renamed (EBUSY), nor can a
 * bind-mounted file (docker -v /host/res.txt:/project/res.txt, tester s22 try8w W3). `listed`: the
 * kernel's list read once by a caller asking about many paths.
 */
export function isMountPoint(p: string, listed: string[] | undefined = undefined): boolean {
  let real: string;
  try {
    real = realpathSync(p);
    const parent = dirname(real);
    if (parent !== real && statSync(parent).dev !== statSync(real).dev) return true;
  } catch {
    return false;
  }
  return (listed ?? kernelMountPoints())?.includes(real) ?? false;
}

/** The kernel's mount points, for isMountPoint's `listed` (undefined where /proc is not there). */
export function listMountPoints(): string[] | undefined {
  return kernelMountPoints();
}

/** Refuses to change or remove an env at or around a mounted volume, naming the mount points. */
export function refuseMounts(prefix: string, action: string): void {
  const found = mountsAt(prefix);
  if (found.length === 0) return;
  const real = realpathSync(prefix);
  const atPrefix = found.includes(real);
  const inside = found.filter((m) => m !== real);
  const what = [atPrefix ? `${real} is itself a mount point` : '', inside.length ? `a volume is mounted at ${inside.slice(0, 5).join(', ')}${inside.length > 5 ? `, and ${inside.length - 5} more` : ''}` : ''].filter(Boolean).join('; and ');
  throw new SsdpError('E_ENV_MOUNT_POINT', `cannot ${action} ${prefix}: ${what}. ssdp replaces an env by renaming folders and deleting the old one, which would fail on a mount point or copy and then delete a mounted volume's content.`, {
    hint: atPrefix && inside.length === 0
      ? 'Use a new folder inside the mounted volume for the env (e.g. -p MOUNT/env); nothing was changed.'
      : 'Unmount the volume first (and mount it again after the change), or mount it outside the env and point to it from there; nothing was changed.',
  });
}

/**
 * A full disk (or quota) while an env changes or the store fills: one coded error naming the
 * file and how much room is left, instead of an ENOSPC stack or a tarball called broken.
 */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { SsdpError } from './errors.js';

export const isDiskFull = (e: unknown) => ['ENOSPC', 'EDQUOT'].includes((e as NodeJS.ErrnoException | undefined)?.code ?? '');

/** How a full disk is said in every message: the code and what it means. */
export const diskFullWhy = (code: string | undefined): string => `${code}${code === 'EDQUOT' ? ', your quota' : ', no space left on the device'}`;

function freeText(path: string): string {
  for (let p = path; ; p = dirname(p)) {
    try {
      const s = statfsSync(p);
      const free = s.bavail * s.bsize;
      return free >= 1e6 ? `${(free / 1e6).toFixed(1)} MB free` : `${Math.round(free / 1e3)} kB free`;
    } catch {
      if (dirname(p) === p) return 'free space unknown';
    }
  }
}

/** E_ENV_DISK_FULL for an ENOSPC/EDQUOT error (else the error itself); `where` when it names no path. */
export function diskFullError(e: unknown, where: string, folder = where): unknown {
  if (!isDiskFull(e) || e instanceof SsdpError) return e;
  const err = e as NodeJS.ErrnoException & { dest?: string };
  const code = err.code;
  // A copy (or link) names its source first: the disk that is full is the destination's, e.g.
  // a -p env on another file system than the store (the tester's s14 B8).
  const named = typeof err.dest === 'string' ? err.dest : err.path;
  const path = named ?? where;
  return new SsdpError(
    'E_ENV_DISK_FULL',
    `could not write ${path}: the disk is full (${diskFullWhy(code)}; ${freeText(named ?? folder)}); the env was left as it was.`,
    { hint: `Free space on the disk that holds ${named ? dirname(named) : folder} (if it also holds the ssdp root, ssdp clean drops packages no env uses from the store) and run the command again.`, cause: e },
  );
}

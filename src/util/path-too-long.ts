/**
 * ENAMETOOLONG while an env changes: a path ssdp builds below the env (a package file deep in
 * lib/node_modules, the staging folder beside it, a user's file kept aside under ssdp-kept/)
 * passed what the system allows. One coded error naming the path and what to do, never a stack
 * (the tester's s17 try8j J2). The change is undone as for any failure: the env stays as it was.
 */
import { SsdpError } from './errors.js';

/** Linux's PATH_MAX less its NUL, and the most bytes one name may have (Linux, macOS). */
export const PATH_MAX = 4095;
export const NAME_MAX = 255;

export const isPathTooLong = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code === 'ENAMETOOLONG';

/** A long path for a message: its start and its end, so the user can still tell which it is. */
export const shortPath = (path: string): string => (path.length > 120 ? `${path.slice(0, 60)}…${path.slice(-40)}` : path);

/** How far `path` is past the limit: the bytes over PATH_MAX, or the name longer than NAME_MAX. */
function why(path: string): string {
  const long = path.split('/').find((part) => Buffer.byteLength(part) > NAME_MAX);
  if (long !== undefined) return `the name '${long.slice(0, 24)}…' in it is ${Buffer.byteLength(long)} bytes, and a name may have at most ${NAME_MAX}`;
  return `it would be ${Buffer.byteLength(path)} bytes long, and a path may have at most ${PATH_MAX}`;
}

/** E_PATH_TOO_LONG for an ENAMETOOLONG error met while building the env at `prefix` (else the error itself). */
export function pathTooLongError(e: unknown, prefix: string): unknown {
  if (!isPathTooLong(e) || e instanceof SsdpError) return e;
  const err = e as NodeJS.ErrnoException & { dest?: string };
  const path = typeof err.dest === 'string' ? err.dest : typeof err.path === 'string' ? err.path : prefix;
  return new SsdpError('E_PATH_TOO_LONG', `ssdp could not make ${shortPath(path)} while building the env at ${shortPath(prefix)}: ${why(path)}. The env was left as it was.`, {
    hint: `Give the env a shorter path (-p): the package files below lib/node_modules need room below it; nothing was changed.`,
    cause: e,
  });
}

/** E_PATH_TOO_LONG for a user's entry in the env that cannot be carried into the new revision (or kept aside). */
export function userPathTooLong(e: unknown, userEntry: string, dest: string, inPackage: string | undefined): unknown {
  if (!isPathTooLong(e) || e instanceof SsdpError) return e;
  return new SsdpError(
    'E_PATH_TOO_LONG',
    `${shortPath(userEntry)} (yours, not a package's) cannot be carried into the env's new revision: its new place ${shortPath(dest)} is too long (${why(dest)}). The env was left as it was.`,
    {
      hint: inPackage !== undefined
        ? `Move it out of the package folder lib/node_modules/${inPackage} (to a shorter path) and run the command again; nothing was changed.`
        : 'Move it to a shorter path (or give its folders shorter names) and run the command again; nothing was changed.',
      cause: e,
    },
  );
}

/**
 * E_PATH_TOO_LONG for a workflow output that cannot be moved aside (.ssdp/failed or .ssdp/replaced):
 * the project sits so deep that no place in its aside folder fits. The step does not run on a
 * file it cannot account for; the user is told which file to move or remove.
 */
export function asidePathTooLong(e: unknown, output: string, kind: 'failed' | 'replaced', dest: string): unknown {
  if (!isPathTooLong(e) || e instanceof SsdpError) return e;
  const what = kind === 'failed' ? 'the output of a failed or stopped step (it may be half-written)' : 'a file ssdp did not write that the step would replace';
  return new SsdpError('E_PATH_TOO_LONG', `ssdp could not move ${shortPath(output)}, ${what}, aside to ${shortPath(dest)}: ${why(dest)}.`, {
    hint: `Move or remove ${shortPath(output)} yourself (it was left where it is), or run the project from a shorter path, then run again.`,
    cause: e,
  });
}

/** The current lock and state of an existing env (both written by commitEnv). */
import { statSync } from 'node:fs';
import type { Lockfile } from '../resolve/types.js';
import { parseLockfile } from '../resolve/lockfile.js';
import { damagedEnv, prefixLayout } from './prefix.js';
import { NotRegularFileError, readRegularFile } from '../util/read-regular.js';

/** The env's lock.json, or undefined when the prefix has none; E_ENV_CORRUPT when it is damaged. */
export function readCurrentLock(prefix: string): Lockfile | undefined {
  const file = prefixLayout(prefix).lockFile;
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (e) {
    // A directory in its place is damage, not a lock that was never written; so is a FIFO,
    // which would block the read for ever (the tester's s14 B5).
    if (e instanceof NotRegularFileError) throw damagedEnv(file, e.what === 'a folder' ? 'it is not a file' : `it is ${e.what}, not a regular file`);
    return undefined;
  }
  requireHistoryFolder(prefix);
  // Every entry is checked as a lockfile given with -f is: a malformed one is damage, not a TypeError later.
  try {
    return parseLockfile(text, file);
  } catch (e) {
    throw damagedEnv(file, (e as Error).message.replace(`${file} is not a valid ssdp lockfile: `, ''));
  }
}

/** The lock of a prefix known to be an env: a missing one means the env is damaged. */
export function requireCurrentLock(prefix: string): Lockfile {
  const lock = readCurrentLock(prefix);
  if (!lock) throw damagedEnv(prefixLayout(prefix).lockFile, undefined);
  return lock;
}

/**
 * ssdp-meta/history replaced by a plain file: every change copies that folder, so it is damage
 * named up front instead of a copy error half-way through a change.
 */
export function requireHistoryFolder(prefix: string): void {
  const dir = prefixLayout(prefix).history;
  const st = statSync(dir, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) throw damagedEnv(dir, 'it is not a folder');
}

/** The current lock and state of an existing env (both written by commitEnv). */
import { readFileSync } from 'node:fs';
import type { Lockfile } from '../resolve/types.js';
import { damagedEnv, prefixLayout } from './prefix.js';

/** The env's lock.json, or undefined when the prefix has none; E_ENV_CORRUPT when it is damaged. */
export function readCurrentLock(prefix: string): Lockfile | undefined {
  const file = prefixLayout(prefix).lockFile;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let lock: Lockfile;
  try {
    lock = JSON.parse(text) as Lockfile;
  } catch (e) {
    throw damagedEnv(file, `it is not valid JSON (${(e as Error).message})`);
  }
  if (typeof lock !== 'object' || lock === null || !Array.isArray(lock.packages) || !Array.isArray(lock.requested)) {
    throw damagedEnv(file, 'it has no packages or requested list');
  }
  return lock;
}

/** The lock of a prefix known to be an env: a missing one means the env is damaged. */
export function requireCurrentLock(prefix: string): Lockfile {
  const lock = readCurrentLock(prefix);
  if (!lock) throw damagedEnv(prefixLayout(prefix).lockFile, 'it is missing');
  return lock;
}

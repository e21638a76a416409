/** The current lock and state of an existing env (both written by commitEnv). */
import { readFileSync } from 'node:fs';
import type { Lockfile } from '../resolve/types.js';
import { prefixLayout } from './prefix.js';

/** The env's lock.json, or undefined when the prefix has none. */
export function readCurrentLock(prefix: string): Lockfile | undefined {
  let text: string;
  try {
    text = readFileSync(prefixLayout(prefix).lockFile, 'utf8');
  } catch {
    return undefined;
  }
  return JSON.parse(text) as Lockfile;
}

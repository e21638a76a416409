/**
 * chattr's immutable (+i) and append-only (+a) attributes, which refuse deletion and replacement
 * even to root. A hint must lift the one that is set: `chattr -i` does not lift +a (try8h S1).
 * Read with lsattr (e2fsprogs) only on an error path, so no ioctl binding is needed.
 */
import { dirname } from 'node:path';
import { shellWord } from '../shell/dialects.js';

/** 'i' and/or 'a' as set on path; undefined when lsattr cannot tell (missing, or a file system without them). */
export function lockAttributes(path: string): Array<'i' | 'a'> | undefined {
  // node:child_process only here, on an error path: a warm create does not load it. Not execa
  // (which ssdp uses for every other child process, util/run-program.ts): this is synchronous,
  // inside the bundled CLI, and ES-only execa can only be import()ed there, asynchronously.
  const r = process.getBuiltinModule('node:child_process').spawnSync('lsattr', ['-d', '--', path], { encoding: 'utf8', timeout: 5000 });
  if (r.status !== 0 || !r.stdout) return undefined;
  const flags = r.stdout.split(/\s/, 1)[0] ?? '';
  return (['i', 'a'] as const).filter((f) => flags.includes(f));
}

/**
 * What refuses a change of `path` and the command that lifts it: the path itself, else the folder
 * holding it (a frozen folder refuses new and renamed entries). Without an answer from lsattr,
 * both flags (lifting one that is not set does nothing).
 */
export function liftHint(path: string): { path: string; set: string; lift: string } {
  for (const p of [path, dirname(path)]) {
    const found = lockAttributes(p);
    if (found?.length) {
      const set = found.map((f) => (f === 'i' ? 'immutable, chattr +i' : 'append-only, chattr +a')).join('; ');
      return { path: p, set, lift: `chattr ${found.map((f) => `-${f}`).join(' ')} ${shellWord(p)}` };
    }
  }
  return { path, set: 'immutable or append-only, chattr +i / +a?', lift: `chattr -i -a ${shellWord(path)}` };
}

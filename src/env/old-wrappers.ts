/**
 * Bin wrappers of envs written before 8e5f6e1 are sh only, so `node $(which jest)` in such an env
 * is a SyntaxError on their first sh line (tester s22 try13w C6); an env's next change rewrites
 * them, but nothing said so. `ssdp run`, activation and `ssdp clean --verify` rewrite them: a
 * file of PREFIX/bin is rewritten only when it is byte for byte what an older ssdp wrote (the
 * template below, from git history), never a file the user put there or edited. The env then
 * records the form (env.json `wrappers`), so the check is one field compare on every later run.
 *
 * Loaded only for an env without that record: nothing of this runs for an env written since.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { binWrapper, SH_SAFE } from '../store/bins.js';
import { tryFileLockSync } from '../util/lock.js';
import { BIN_WRAPPER_FORM, prefixLayout } from './prefix.js';
import { envLockPath, type EnvTarget } from './target.js';

/**
 * The wrapper src/store/bins.ts wrote from 7e93748 (then with `run` = `rel`) until 8e5f6e1
 * (`run` = ../ssdp-meta/bin-names/NAME, later ../ssdp-meta/.bin/NAME): kept here verbatim, as
 * only a file equal to it is taken for ssdp's.
 */
function shOnlyWrapper(rel: string, run: string, args: string[]): string {
  return `#!/bin/sh
# ssdp bin wrapper of ${rel}
# Written by ssdp (src/store/bins.ts): runs that script on this env's node (bin/node beside this file).
here=\${0%/*}
[ "$here" = "$0" ] && here=.
if ! [ -f "$here/${run}" ]; then
  real=$(readlink -f -- "$0" 2>/dev/null) && here=\${real%/*}
fi
exec "$here/node" ${args.map((a) => `"${a}" `).join('')}"$here/${run}" "$@"
`;
}

/** Bigger than any wrapper (a few hundred bytes): a larger file is not read whole. */
const MAX_WRAPPER = 4096;

/** The current wrapper for a file's text when that text is an sh-only wrapper of ssdp's; else undefined. */
export function upgradedWrapper(text: string): string | undefined {
  const lines = text.split('\n');
  const rel = /^# ssdp bin wrapper of (.+)$/.exec(lines[1] ?? '')?.[1];
  const run = /^if ! \[ -f "\$here\/(.+)" \]; then$/.exec(lines[5] ?? '')?.[1];
  const exec = /^exec "\$here\/node" (.*)"\$here\/[^"]*" "\$@"$/.exec(lines[8] ?? '')?.[1];
  if (rel === undefined || run === undefined || exec === undefined) return undefined;
  const args = [...exec.matchAll(/"([^"]*)" /g)].map((m) => m[1]!);
  // What placeBin writes only for such words; anything else was not ssdp's.
  if (![rel, run, ...args].every((w) => SH_SAFE.test(w))) return undefined;
  return shOnlyWrapper(rel, run, args) === text ? binWrapper(rel, run, args) : undefined;
}

/** The text of a regular file of at most MAX_WRAPPER bytes, not through a symlink; else undefined. */
function smallFile(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_WRAPPER) return undefined;
    const buf = Buffer.alloc(st.size);
    return buf.subarray(0, readSync(fd, buf, 0, st.size, 0)).toString('utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The bin/ names of an env that are sh-only wrappers of ssdp's, each with its new text. */
export function oldWrappersOf(prefix: string): Array<{ name: string; text: string }> {
  const bin = prefixLayout(prefix).bin;
  let entries: Dirent[];
  try {
    entries = readdirSync(bin, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: Array<{ name: string; text: string }> = [];
  // Regular files only: a symlink there (a package's sh bin, bin/node, a user's link to some
  // other env's wrapper) is not this env's wrapper, and a rename would replace the link itself.
  for (const e of entries) {
    if (!e.isFile()) continue;
    const text = smallFile(join(bin, e.name));
    const next = text === undefined ? undefined : upgradedWrapper(text);
    if (next !== undefined) found.push({ name: e.name, text: next });
  }
  return found;
}

/**
 * Rewrites the env's sh-only wrappers (through a temp name and a rename, keeping each one's mode),
 * then records the form in env.json the same way. Call holding the env's lock. Returns the files
 * rewritten, relative to the prefix.
 */
export function rewriteOldWrappers(prefix: string): string[] {
  const layout = prefixLayout(prefix);
  const done: string[] = [];
  const replace = (file: string, text: string, mode: number) => {
    const tmp = `${file}.ssdp-${process.pid}.tmp`;
    try {
      writeFileSync(tmp, text, { mode });
      renameSync(tmp, file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  };
  for (const { name, text } of oldWrappersOf(prefix)) {
    const file = join(layout.bin, name);
    replace(file, text, fstatMode(file));
    done.push(`bin/${name}`);
  }
  // env.json as it is, with the form added: read raw, as the env's other fields must stay as written.
  const state = JSON.parse(readFileSync(layout.stateFile, 'utf8')) as Record<string, unknown>;
  if (state.wrappers !== BIN_WRAPPER_FORM) {
    state.wrappers = BIN_WRAPPER_FORM;
    replace(layout.stateFile, JSON.stringify(state, null, 2) + '\n', fstatMode(layout.stateFile));
  }
  return done;
}

function fstatMode(file: string): number {
  const fd = openSync(file, 'r');
  try {
    return fstatSync(fd).mode & 0o7777;
  } finally {
    closeSync(fd);
  }
}

/**
 * For `ssdp run` and activation of an env whose env.json does not record the wrapper form: its
 * old wrappers rewritten when the env's lock is free right now. Never waits and never fails the
 * command: a change holding the lock rewrites every wrapper anyway, and an env the user may not
 * write (a shared one) stays as it is, to be rewritten by its owner (`ssdp clean --verify`).
 */
export function refreshOldWrappers(t: Pick<EnvTarget, 'root' | 'prefix'>): void {
  let release: (() => void) | undefined;
  try {
    release = tryFileLockSync(envLockPath(t));
    if (release) rewriteOldWrappers(t.prefix);
  } catch {
    /* not writable: see above */
  } finally {
    release?.();
  }
}

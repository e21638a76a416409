/**
 * Puts one stored package into an env: its folders created, every file hardlinked from the store
 * (one linkSync per file in a tight loop: no streams, no promises, since this is the whole cost of
 * a warm create). Where the kernel refuses a hardlink (store and env on different file systems,
 * too many links to one inode) the file is copied instead, reflinked where the file system can.
 * Copies are made writable: they belong to the env alone.
 */
import { chmodSync, constants, copyFileSync, linkSync, lstatSync, mkdirSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import { joinRaw, parentRaw, rawNames, type RawPath } from '../util/raw-names.js';
import type { PackageIndex } from './cas.js';

export type ImportMethod = 'auto' | 'hardlink' | 'copy';

/** Per-link-run state: once hardlinks fail across devices we stop trying them. */
export interface ImportState {
  method: ImportMethod;
  linked: number;
  copied: number;
}

const FALLBACK_CODES = new Set(['EXDEV', 'EMLINK', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EACCES']);

function copyOne(src: RawPath, dest: RawPath, mode: number): void {
  copyFileSync(src, dest, constants.COPYFILE_FICLONE);
  chmodSync(dest, mode | 0o200);
}

function placeFile(src: RawPath, dest: RawPath, mode: number, state: ImportState, copy: boolean): void {
  if (copy || state.method === 'copy') {
    copyOne(src, dest, mode);
    state.copied++;
    return;
  }
  try {
    linkSync(src, dest);
    state.linked++;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      // A bundled copy inside the parent package is replaced by the locked one.
      unlinkSync(dest);
      return placeFile(src, dest, mode, state, copy);
    }
    if (state.method === 'hardlink' || !FALLBACK_CODES.has(code ?? '')) throw e;
    if (code === 'EXDEV') state.method = 'copy';
    copyOne(src, dest, mode);
    state.copied++;
  }
}

function mkdirQuiet(path: string): void {
  try {
    mkdirSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

/** Materialises a stored package (its `files/` folder) at dest. `copy` forces private copies. */
export function importPackage(filesDir: string, dest: string, index: PackageIndex, state: ImportState, copy = false): void {
  mkdirSync(dest, { recursive: true });
  // Index paths are package-relative and normalised when unpacked: plain concatenation gives
  // what path.join would, without its normalising pass (a third of this loop's CPU).
  const from = filesDir + '/';
  const to = dest + '/';
  // Indexed loops, no destructuring (see storedDamage in trust.ts: this code stays interpreted).
  const { dirs, files, symlinks } = index;
  for (let i = 0; i < dirs.length; i++) mkdirQuiet(to + dirs[i]);
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    placeFile(from + f[0], to + f[0], f[1], state, copy);
  }
  for (let i = 0; i < symlinks.length; i++) symlinkSync(symlinks[i]![1], to + symlinks[i]![0]);
}

/** Hardlinks (or copies) one file, e.g. node's binary into PREFIX/bin. */
export function importFile(src: string, dest: string, mode: number, state: ImportState): void {
  placeFile(src, dest, mode, state, false);
}

/**
 * Puts the folder an allowed package's install scripts built in the env's previous revision at
 * dest, as those scripts left it (compiled addons, downloaded binaries, generated files): the
 * change leaves that package as it was, so its scripts do not run again (npm and pnpm run them
 * only for packages a change adds or changes). Files are hardlinked from the previous revision,
 * whose copies are already the env's own (a package whose scripts run never shares the store's
 * inodes), or copied as the change's other files are (placeFile: the import method, the kernel's
 * refusals). Links are placed as links (never followed), FIFOs and sockets are left out. `skip`
 * names the nested package folders (`node_modules/b`) the new tree links on its own.
 */
export function linkBuiltFolder(from: RawPath, dest: RawPath, skip: Set<string>, state: ImportState, rel = ''): void {
  const st = lstatSync(from);
  if (!rel) mkdirSync(parentRaw(dest), { recursive: true }); // a scope folder, or a parent's node_modules
  mkdirSync(dest, { mode: st.mode & 0o7777 });
  for (const n of rawNames(from)) {
    const r = rel ? `${rel}/${n.toString('latin1')}` : n.toString('latin1');
    if (skip.has(r)) continue;
    const src = joinRaw(from, n);
    const to = joinRaw(dest, n);
    const s = lstatSync(src);
    if (s.isDirectory()) linkBuiltFolder(src, to, skip, state, r);
    else if (s.isSymbolicLink()) symlinkSync(readlinkSync(src, { encoding: 'buffer' }), to);
    else if (s.isFile()) placeFile(src, to, s.mode & 0o7777, state, false);
  }
}

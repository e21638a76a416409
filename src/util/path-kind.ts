/**
 * What stands at a path, in the words every "this is not the folder (or file) ssdp needs" message
 * uses: "a symlink to X, which does not exist", "a symlink loop", "a FIFO (named pipe)". Env
 * targets (-p), ROOT parts, a workflow's .ssdp folder and rc files all ask this; each keeps its
 * own error code and hint, and only the description of the path is shared.
 */
import type { Stats } from 'node:fs';
// Not `import ... from 'node:fs'` (see env/prefix.ts): read-regular.ts uses this on the activation fast path.
const { lstatSync, readlinkSync, statSync } = process.getBuiltinModule('node:fs');

export type PathKind =
  | { is: 'nothing' }
  | { is: 'folder' }
  /** A symlink whose target (as written in the link) does not exist: a disk not mounted, dotfiles not checked out. */
  | { is: 'dangling-link'; target: string }
  | { is: 'link-loop' }
  /** Something that is not a folder: `what` is 'a file', 'a FIFO (named pipe)', ...; `link` when reached through a symlink. */
  | { is: 'not-a-folder'; what: string; link?: string }
  /** lstat/stat failed otherwise (EACCES on a parent, ENOTDIR further up). */
  | { is: 'unreadable'; code: string; error: unknown };

/** 'a file', 'a FIFO (named pipe)', 'a socket', 'a device' for what a stat says is not a folder. */
export function nonFolderWhat(st: Stats): string {
  return st.isFIFO() ? 'a FIFO (named pipe)' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'a file';
}

export function pathKind(path: string): PathKind {
  let l: Stats | undefined;
  try {
    l = lstatSync(path, { throwIfNoEntry: false });
  } catch (e) {
    return { is: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'unknown', error: e };
  }
  if (!l) return { is: 'nothing' };
  if (!l.isSymbolicLink()) return l.isDirectory() ? { is: 'folder' } : { is: 'not-a-folder', what: nonFolderWhat(l) };
  const link = readlinkSync(path);
  let st: Stats | undefined;
  try {
    st = statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
    if (code === 'ELOOP') return { is: 'link-loop' };
    if (code === 'ENOTDIR') return { is: 'dangling-link', target: link }; // through a file: nothing there either
    return { is: 'unreadable', code, error: e };
  }
  if (!st) return { is: 'dangling-link', target: link };
  return st.isDirectory() ? { is: 'folder' } : { is: 'not-a-folder', what: nonFolderWhat(st), link };
}

/** The words for a kind that is not a usable folder ('a symlink to X, which does not exist'); undefined for a folder or nothing. */
export function describeNonFolder(k: PathKind): string | undefined {
  switch (k.is) {
    case 'dangling-link':
      return `a symlink to ${k.target}, which does not exist`;
    case 'link-loop':
      return 'a symlink loop (it points, in the end, to itself)';
    case 'not-a-folder':
      return k.link === undefined ? k.what : `a symlink to ${k.link}, which is ${k.what}`;
    case 'unreadable':
      return `unreadable (${k.code})`;
    default:
      return undefined;
  }
}

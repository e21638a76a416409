/**
 * Where an archive entry may land. Tarballs come from strangers: an entry named `../x` or
 * `/etc/x`, or a link that points out of the package, would write or expose files anywhere the
 * user can. These checks are lexical (on the entry names, before anything touches the disk) plus
 * an in-memory walk through the archive's own symlinks, because a chain of individually harmless
 * links (`s -> .`, then `t -> s/..`) can still lead out.
 */

export class UnsafeEntryError extends Error {
  constructor(readonly entry: string, reason: string) {
    super(`${JSON.stringify(entry)} ${reason}`);
  }
}

function segments(p: string): string[] {
  // Backslashes are separators on Windows; treat them as such everywhere so an archive cannot
  // smuggle `..\..\x` past the check.
  return p.split(/[\\/]+/);
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p);
}

/**
 * The path of an entry inside the package folder: the first component (`package/`, sometimes
 * another name, or the `.` of `tar czf x.tgz -C dir .`, as npm's tar strips it) stripped, then
 * `.` segments dropped. '' is the package folder itself. Throws UnsafeEntryError for absolute
 * paths, `..` segments and NUL bytes.
 */
export function entryPath(raw: string): string {
  if (raw.includes('\0')) throw new UnsafeEntryError(raw, 'contains a NUL byte');
  if (isAbsolute(raw)) throw new UnsafeEntryError(raw, 'is an absolute path');
  const parts = segments(raw).filter((s) => s !== '');
  if (parts.includes('..')) throw new UnsafeEntryError(raw, 'has a ".." segment');
  return parts.slice(1).filter((s) => s !== '.').join('/');
}

/**
 * Lexically resolves `target` relative to the folder holding `from` (both inside the package);
 * returns the package-relative result or undefined when it leaves the package folder.
 */
export function resolveRelative(from: string, target: string): string | undefined {
  if (isAbsolute(target) || target.includes('\0')) return undefined;
  const out = from.split('/').slice(0, -1);
  for (const s of segments(target)) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(s);
  }
  return out.join('/');
}

/**
 * Follows `path` through the archive's symlinks (package-relative path -> link text) the way the
 * kernel would, and tells whether it stays inside the package folder.
 */
export function staysInside(path: string, symlinks: ReadonlyMap<string, string>): boolean {
  let hops = 0;
  const walk = (base: string[], rest: string[]): boolean => {
    const cur = [...base];
    const todo = [...rest];
    while (todo.length) {
      const s = todo.shift()!;
      if (s === '' || s === '.') continue;
      if (s === '..') {
        if (cur.length === 0) return false;
        cur.pop();
        continue;
      }
      cur.push(s);
      const link = symlinks.get(cur.join('/'));
      if (link !== undefined) {
        if (++hops > 40 || isAbsolute(link)) return false;
        cur.pop();
        todo.unshift(...segments(link));
      }
    }
    return true;
  };
  return walk([], segments(path));
}

/** Parent folders of a package-relative path, outermost first (`a/b/c` -> `a`, `a/b`). */
export function parentsOf(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

/**
 * npm workspaces: the patterns of a package.json and the package folders they name. Used to
 * expand a workspaces root asked for as a folder (env/workspace-roots.ts) and to name them when
 * an aliased root is refused (resolve/sources.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The workspace patterns of a package.json: npm's array or yarn's { packages: [...] } (npm reads both); undefined for none. */
export function workspacePatterns(manifest: unknown): string[] | undefined {
  const ws = (manifest as { workspaces?: unknown } | null)?.workspaces;
  const patterns = Array.isArray(ws) ? ws : (ws as { packages?: unknown } | undefined)?.packages;
  if (!Array.isArray(patterns)) return undefined;
  const globs = patterns.filter((p): p is string => typeof p === 'string');
  return globs.length ? globs : undefined;
}

/**
 * The folder `dir` when it is a workspaces root: its package.json read and its patterns.
 * Undefined for a file, a missing folder or package.json, or one without workspaces (what
 * packing the folder then says about it is the caller's).
 */
export function workspaceRootAt(dir: string): { manifest: Record<string, unknown>; patterns: string[] } | undefined {
  const root = ownWorkspaces(dir);
  // A workspace of a root further up is a package, whatever its own package.json says: npm has
  // no nested workspaces, and npm install run there installs the root above it. Its workspaces
  // field is ignored, as npm install in the root ignores it (tester s23 try13x G1: expanded in
  // its turn, it was refused as an aliased root no one wrote).
  return root && !workspaceOfAbove(dir) ? root : undefined;
}

/** The package.json of `dir` and its workspace patterns, when it has any. */
function ownWorkspaces(dir: string): { manifest: Record<string, unknown>; patterns: string[] } | undefined {
  try {
    if (!statSync(dir).isDirectory()) return undefined;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const patterns = workspacePatterns(manifest);
    return patterns ? { manifest, patterns } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a folder above `dir` is a workspaces root whose patterns name `dir` (npm finds the root
 * of the folder it runs in the same way: the nearest such folder up the path). As workspaceFolders
 * finds them: not through node_modules or a dot folder, at most 9 folders down.
 */
function workspaceOfAbove(dir: string): boolean {
  const abs = resolve(dir);
  for (let up = dirname(abs); ; up = dirname(up)) {
    const rel = relative(up, abs).split(sep);
    if (rel.some((n) => n === 'node_modules' || n.startsWith('.'))) return false;
    const root = rel.length <= 9 ? ownWorkspaces(up) : undefined;
    if (root && matchesPatterns(rel.join('/'), root.patterns)) return true;
    if (dirname(up) === up) return false;
  }
}

function matchesPatterns(rel: string, patterns: string[]): boolean {
  const include = patterns.filter((p) => !p.startsWith('!')).map(patternRegex);
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => patternRegex(p.slice(1)));
  return include.some((re) => re.test(rel)) && !exclude.some((re) => re.test(rel));
}

/** One workspace pattern as a regular expression over a folder's path relative to the root ('/'-separated). */
function patternRegex(pattern: string): RegExp {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  let re = '';
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i]!;
    if (c === '*' && clean[i + 1] === '*') {
      // `**/` (or a final `**`): any number of folders.
      re += clean[i + 2] === '/' ? '(?:[^/]+/)*' : '.*';
      i += clean[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * The folders with a package.json that workspace patterns name, as npm's map-workspaces finds
 * them: `*`, `**` and `?` globs, `!` patterns leaving folders out; node_modules and dot folders are
 * never searched. In the patterns' order, each once.
 */
export function workspaceFolders(root: string, patterns: string[]): string[] {
  const include = patterns.filter((p) => !p.startsWith('!')).map(patternRegex);
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => patternRegex(p.slice(1)));
  const found: Array<{ rel: string; order: number }> = [];
  const walk = (dir: string, rel: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const n of names) {
      if (n === 'node_modules' || n.startsWith('.')) continue;
      const path = join(dir, n);
      if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) continue;
      const r = rel ? `${rel}/${n}` : n;
      const order = include.findIndex((re) => re.test(r));
      if (order >= 0 && !exclude.some((re) => re.test(r)) && statSync(join(path, 'package.json'), { throwIfNoEntry: false })?.isFile()) found.push({ rel: r, order });
      if (depth < 8) walk(path, r, depth + 1);
    }
  };
  walk(root, '', 0);
  return found.sort((a, b) => a.order - b.order).map((f) => join(root, ...f.rel.split('/')));
}

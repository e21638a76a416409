/**
 * The local import graph of a module: the module's file and every file it imports by a relative or
 * absolute path, transitively. A node process keeps every module it imported, and a step's code
 * is more than its own file, so whatever says "this is the code a task runs" (a run's code
 * fingerprint, a step's stamp) covers all of these files, not only the task module (try11t B6).
 * Packages (bare specifiers, anything under node_modules) are left out: the env's lockfile covers them.
 * The scan is textual (import/export ... from, import(), require() with a literal string): a
 * commented-out import adds a file, which is harmless; a computed specifier is not followed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;
const EXTENSIONS = ['', '.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.json', '/index.js', '/index.mjs', '/index.cjs'];
/** A bound so a pathological tree cannot make a fingerprint take minutes. */
const MAX_FILES = 5000;

function localTarget(spec: string, fromDir: string): string | undefined {
  let base: string;
  if (spec.startsWith('file:')) {
    try {
      base = fileURLToPath(spec);
    } catch {
      return undefined;
    }
  } else if (spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/') || spec === '.' || spec === '..') {
    base = resolve(fromDir, spec.split(/[?#]/)[0]!);
  } else return undefined;
  for (const ext of EXTENSIONS) {
    const p = base + ext;
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      /* try the next form */
    }
  }
  return base; // does not exist: still named, so its appearing later changes the fingerprint
}

/** Absolute paths of the module's file and its local imports, the module first, the rest sorted. */
export function localImportGraph(file: string): string[] {
  const seen = new Set<string>([file]);
  const todo = [file];
  while (todo.length && seen.size < MAX_FILES) {
    const f = todo.pop()!;
    if (!/\.(m|c)?[jt]sx?$/.test(f)) continue; // .json and others import nothing
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(SPECIFIER)) {
      const t = localTarget(m[2]!, dirname(f));
      if (!t || seen.has(t) || t.includes(`${sep}node_modules${sep}`)) continue;
      seen.add(t);
      if (existsSync(t)) todo.push(t);
    }
  }
  const [first, ...rest] = [...seen];
  return [first!, ...rest.sort()];
}

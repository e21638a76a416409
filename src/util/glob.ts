/**
 * File globs for reading many files (`bag.readText('logs/*.json.gz')`): `*`, `?`, `[abc]`, and
 * `**` for any depth of folders, as Python's glob with recursive=True. Node 20 has no fs.glob.
 * As Python's fnmatch there is no backslash escape (a `\\` is a character of the name); `[[]`
 * and `[]]` match a literal bracket.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { SsdpError } from './errors.js';

export function hasMagic(p: string): boolean {
  return /[*?[]/.test(p);
}

function segmentRegex(seg: string, where: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = seg.slice(i + 1, end);
        const negated = body.startsWith('!');
        // inside a class only ranges mean something: \\, ], [ and ^ are characters of the name
        re += `[${negated ? '^' : ''}${(negated ? body.slice(1) : body).replace(/[\\\][^]/g, '\\$&')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  // as Python's glob: a wildcard does not match a leading dot
  try {
    return new RegExp(`^${seg.startsWith('.') ? '' : '(?!\\.)'}${re}$`);
  } catch {
    // a range out of order ([z-a]): what else the regex refuses was escaped above
    throw new SsdpError('E_GLOB_PATTERN', `${where}: the pattern part ${JSON.stringify(seg)} is not a valid glob.`, {
      hint: 'A range in brackets goes from low to high ([a-z], [0-9]); write [[] or []] for a literal bracket.',
    });
  }
}

/** The files matching `pattern` (relative to `cwd`), sorted; a pattern without wildcards is itself when it is a file. */
export function globFiles(pattern: string, where = 'glob', cwd = process.cwd()): string[] {
  const abs = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
  const parts = abs.split(sep);
  const fixed: string[] = [];
  while (parts.length > 0 && !hasMagic(parts[0]!)) fixed.push(parts.shift()!);
  const base = fixed.join(sep) || sep;
  if (parts.length === 0) return isFile(base) ? [base] : [];
  const out = new Set<string>();
  const walk = (dir: string, rest: string[]): void => {
    if (rest.length === 0) {
      if (isFile(dir)) out.add(dir);
      return;
    }
    const [seg, ...tail] = rest as [string, ...string[]];
    if (seg === '**') {
      walk(dir, tail);
      for (const d of list(dir)) if (d.isDirectory() && !d.name.startsWith('.')) walk(join(dir, d.name), rest);
      return;
    }
    if (!hasMagic(seg)) return walk(join(dir, seg), tail);
    const re = segmentRegex(seg, where);
    for (const d of list(dir)) if (re.test(d.name)) walk(join(dir, d.name), tail);
  };
  walk(base, parts);
  return [...out].sort();
}

function list(dir: string): import('node:fs').Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

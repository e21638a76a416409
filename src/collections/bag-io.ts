/**
 * Bags from and to text files (dask.bag.read_text / Bag.to_textfiles): one partition per file,
 * globs, and gzip by the `.gz` extension (or `{ compression: 'gzip' }`).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { registerModule } from '../graph/functions.js';
import { tokenize } from '../graph/tokenize.js';
import { get } from '../graph/run.js';
import { ref } from '../graph/graph.js';
import type { ComputeOptions } from '../graph/delayed.js';
import type { Graph } from '../graph/types.js';
import { globFiles, hasMagic } from '../util/glob.js';
import { SsdpError } from '../util/errors.js';
import { checkOptionKeys } from './option-keys.js';
import { checkDistinct, checkTarget, removeStaleTemps, tempSibling } from './write-target.js';
import { Bag } from './bag.js';

export type Compression = 'infer' | 'gzip' | null;

export interface ReadTextOptions {
  /** 'infer' (default: gzip for names ending in .gz), 'gzip', or null for none. */
  compression?: Compression;
}

function gzipped(path: string, c: Compression): boolean {
  // Dask infers the compression ignoring case: x.TXT.GZ is gzip
  return c === 'gzip' || (c === 'infer' && path.toLowerCase().endsWith('.gz'));
}

function checkCompression(c: unknown, where: string): Compression {
  if (c === undefined) return 'infer';
  if (c === 'infer' || c === 'gzip' || c === null) return c;
  throw new SsdpError('E_BAG_COMPRESSION', `${where}: unknown compression ${JSON.stringify(c)}`, { hint: "Use 'infer' (by the .gz extension), 'gzip' or null." });
}

/** The lines of one file, each ending in '\n' as Dask's do (a last line without one stays so). */
export function readTextFile(path: string, compression: Compression): string[] {
  let raw = readFileSync(path);
  if (gzipped(path, compression)) {
    try {
      raw = process.getBuiltinModule('node:zlib').gunzipSync(raw);
    } catch (e) {
      throw new SsdpError('E_BAG_GZIP', `${path} is not a readable gzip file: ${(e as Error).message}`, { hint: "Check the file, or pass { compression: null } if it is plain text named .gz." });
    }
  }
  // universal newlines, as Python's text mode that Dask reads with: \r\n and a lone \r end a line as \n
  const text = raw.toString('utf8').replace(/\r\n?/g, '\n');
  const lines: string[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    lines.push(text.slice(at, end));
    at = end;
  }
  return lines;
}

/**
 * Writes one partition: its elements (strings) joined by '\n', no newline after the last (as
 * Dask). Written under a temporary name and renamed, so no half-written file is ever seen.
 */
export function writeTextFile(path: string, compression: Compression, part: readonly unknown[]): string {
  part.forEach((x, i) => {
    if (typeof x !== 'string') throw new TypeError(`toTextfiles: element ${i} of the partition for ${path} is a ${typeof x}, not a string; map it to text first (b.map(String) or JSON.stringify)`);
  });
  const text = Buffer.from((part as string[]).join('\n'), 'utf8');
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempSibling(path);
  try {
    writeFileSync(tmp, gzipped(path, compression) ? process.getBuiltinModule('node:zlib').gzipSync(text) : text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return path;
}

registerModule(import.meta.url, { readTextFile, writeTextFile });

/**
 * A bag of the lines of the files `paths` names: a path, a glob (`data/*.txt.gz`, `**` for any
 * depth) or a list of them. One partition per file, in sorted order.
 */
export function readText(paths: string | string[], opts: ReadTextOptions = {}): Bag<string> {
  checkOptionKeys(opts, ['compression'], 'bag.readText');
  const compression = checkCompression(opts.compression, 'bag.readText');
  const files: string[] = [];
  for (const p of Array.isArray(paths) ? paths : [paths]) {
    const found = hasMagic(p) ? globFiles(p) : existsSync(p) ? [resolve(p)] : [];
    if (found.length === 0) {
      throw new SsdpError('E_BAG_NO_FILES', `bag.readText: no file matches ${p}`, { hint: 'Check the folder and the pattern (* for any name, ** for any depth of folders).' });
    }
    files.push(...found);
  }
  const name = `read-text-${tokenize([files, compression])}`;
  const graph: Graph = {};
  files.forEach((f, i) => (graph[`${name}-${i}`] = { fn: readTextFile, args: [f, compression] }));
  return new Bag<string>(name, files.length, graph);
}

export interface ToTextfilesOptions extends ComputeOptions {
  compression?: Compression;
  /** Replace files already at the targets (default: refuse, naming the first). */
  overwrite?: boolean;
}

/** Refuses targets that would replace each other, a file, or (without overwrite) an existing file. */
function checkTextTargets(targets: readonly string[], overwrite: boolean): void {
  checkDistinct(targets, 'toTextfiles', 'E_BAG_TEXTFILES');
  for (const t of targets) {
    for (let d = dirname(t); d !== dirname(d); d = dirname(d)) {
      let st;
      try {
        st = statSync(d);
      } catch {
        continue;
      }
      if (!st.isDirectory()) throw new SsdpError('E_BAG_TEXTFILES', `toTextfiles: ${d} is a file, so ${t} cannot be written.`, { hint: 'Give a folder that does not exist yet or is a folder, or a path pattern with *.' });
      break;
    }
    checkTarget(t, 'text', overwrite, 'toTextfiles');
    removeStaleTemps(t);
  }
}

/**
 * Writes each partition of `b` to its own file and returns the paths: `path` has a `*` (replaced
 * by the partition number: `out/*.txt.gz`), or is a folder (`out/0.part`, ...), or is a list with
 * one path per partition.
 */
export async function toTextfiles(b: Bag<unknown>, path: string | string[], opts: ToTextfilesOptions = {}): Promise<string[]> {
  const { compression: c, overwrite, ...computeOpts } = opts;
  const compression = checkCompression(c, 'toTextfiles');
  let targets: string[];
  if (Array.isArray(path)) {
    if (path.length !== b.npartitions) {
      throw new SsdpError('E_BAG_TEXTFILES', `toTextfiles: ${path.length} paths for a bag of ${b.npartitions} partitions`, { hint: 'Give one path per partition, a pattern with * or a folder.' });
    }
    targets = path.map((p) => resolve(p));
  } else if (path.includes('*')) {
    if (path.indexOf('*') !== path.lastIndexOf('*')) throw new SsdpError('E_BAG_TEXTFILES', `toTextfiles: ${path} has more than one *`, { hint: 'Use one * for the partition number.' });
    targets = Array.from({ length: b.npartitions }, (_, i) => resolve(path.replace('*', String(i))));
  } else targets = Array.from({ length: b.npartitions }, (_, i) => resolve(join(path, `${i}.part`)));
  checkTextTargets(targets, overwrite === true);
  const name = `to-textfiles-${tokenize([b.name, targets, compression])}`;
  const graph: Graph = { ...b.graph };
  const keys = targets.map((t, i) => {
    const key = `${name}-${i}`;
    graph[key] = { fn: writeTextFile, args: [t, compression, ref(b.key(i))] };
    return key;
  });
  return (await get(graph, keys, computeOpts)) as string[];
}

/**
 * Bags from and to text files (dask.bag.read_text / Bag.to_textfiles): one partition per file,
 * globs, and gzip by the `.gz` extension (or `{ compression: 'gzip' }`).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isUtf8 } from 'node:buffer';
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
  /** The files' encoding, as Dask's read_text: 'utf-8' (default), 'latin-1' or 'ascii'. */
  encoding?: string;
  /** Bytes that are not text in `encoding`: 'strict' (default) refuses the file, as Python; 'replace' reads U+FFFD. */
  errors?: 'strict' | 'replace';
}

export type Encoding = 'utf-8' | 'latin-1' | 'ascii';

// Python's names for the encodings Node can decode exactly (latin-1 is ISO-8859-1 itself, not
// the WHATWG windows-1252 a TextDecoder('latin1') gives).
const ENCODINGS: Record<string, Encoding> = { 'utf-8': 'utf-8', utf8: 'utf-8', 'latin-1': 'latin-1', latin1: 'latin-1', 'iso-8859-1': 'latin-1', iso8859_1: 'latin-1', ascii: 'ascii', 'us-ascii': 'ascii' };

export function checkEncoding(e: unknown, where: string): Encoding {
  if (e === undefined) return 'utf-8';
  const found = typeof e === 'string' ? ENCODINGS[e.toLowerCase().replace(/_/g, '-')] ?? ENCODINGS[e.toLowerCase()] : undefined;
  if (found) return found;
  throw new SsdpError('E_BAG_ENCODING', `${where}: unknown encoding ${JSON.stringify(e)}.`, { hint: "Use 'utf-8' (the default), 'latin-1' or 'ascii'." });
}

function checkErrors(e: unknown, where: string): 'strict' | 'replace' {
  if (e === undefined || e === 'strict' || e === 'replace') return e ?? 'strict';
  throw new SsdpError('E_BAG_ENCODING', `${where}: errors must be 'strict' or 'replace', got ${JSON.stringify(e)}.`, { hint: "'strict' refuses bytes that are not text in the encoding; 'replace' reads them as U+FFFD." });
}

/** The first byte offset at which `raw` stops being valid text in `encoding`, or -1. */
function firstBadByte(raw: Buffer, encoding: Encoding): number {
  if (encoding === 'latin-1') return -1;
  if (encoding === 'ascii') return raw.findIndex((b) => b > 0x7f);
  if (isUtf8(raw)) return -1;
  return firstBadUtf8(raw);
}

/**
 * Where strict UTF-8 decoding first fails, as Python's UnicodeDecodeError.start: the first byte of
 * the character that is invalid (a stray continuation byte, an overlong form, a surrogate, a
 * value above U+10FFFF, or a character cut short by the end). -1 when all is valid. One pass over
 * the bytes (RFC 3629's table of well-formed sequences).
 */
export function firstBadUtf8(raw: Uint8Array): number {
  const n = raw.length;
  let i = 0;
  while (i < n) {
    const b = raw[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // below: overlong
      if (b === 0xed) hi = 0x9f; // above: surrogates U+D800..DFFF
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // below: overlong
      if (b === 0xf4) hi = 0x8f; // above: beyond U+10FFFF
    } else return i; // a continuation byte without a start, 0xc0/0xc1 (overlong) or 0xf5..0xff
    if (i + 1 >= n || raw[i + 1]! < lo || raw[i + 1]! > hi) return i;
    for (let k = 2; k <= need; k++) {
      if (i + k >= n || (raw[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

function decode(raw: Buffer, encoding: Encoding, errors: 'strict' | 'replace', path: string): string {
  if (errors === 'strict') {
    const bad = firstBadByte(raw, encoding);
    if (bad >= 0) {
      throw new SsdpError('E_BAG_ENCODING', `bag.readText: ${path} is not ${encoding} text: byte ${bad} (0x${raw[bad]!.toString(16).padStart(2, '0')}) is not valid ${encoding}.`, {
        hint: `Give the files' encoding, e.g. bag.readText(path, { encoding: 'latin-1' }), or { errors: 'replace' } to read such bytes as U+FFFD.`,
      });
    }
  }
  if (encoding === 'latin-1') return raw.toString('latin1');
  if (encoding === 'ascii') return errors === 'replace' ? Array.from(raw, (b) => (b > 0x7f ? '\ufffd' : String.fromCharCode(b))).join('') : raw.toString('latin1');
  return raw.toString('utf8');
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
export function readTextFile(path: string, compression: Compression, encoding: Encoding = 'utf-8', errors: 'strict' | 'replace' = 'strict'): string[] {
  let raw = readFileSync(path);
  if (gzipped(path, compression)) {
    try {
      raw = process.getBuiltinModule('node:zlib').gunzipSync(raw);
    } catch (e) {
      throw new SsdpError('E_BAG_GZIP', `${path} is not a readable gzip file: ${(e as Error).message}`, { hint: "Check the file, or pass { compression: null } if it is plain text named .gz." });
    }
  }
  // universal newlines, as Python's text mode that Dask reads with: \r\n and a lone \r end a line as \n
  const text = decode(raw, encoding, errors, path).replace(/\r\n?/g, '\n');
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
export function writeTextFile(path: string, compression: Compression, part: readonly unknown[], encoding: Encoding = 'utf-8'): string {
  part.forEach((x, i) => {
    if (typeof x !== 'string') {
      throw new SsdpError('E_BAG_TEXTFILES', `toTextfiles: element ${i} of the partition for ${path} is ${x === null ? 'null' : `a ${typeof x}`}, not a string.`, { hint: 'Map the elements to text first: b.map(String) or b.map(JSON.stringify).' });
    }
  });
  const joined = (part as string[]).join('\n');
  if (encoding !== 'utf-8') {
    const limit = encoding === 'ascii' ? 0x7f : 0xff;
    const at = [...joined].findIndex((c) => c.codePointAt(0)! > limit);
    if (at >= 0) {
      throw new SsdpError('E_BAG_ENCODING', `toTextfiles: the text for ${path} holds ${JSON.stringify([...joined][at])}, which ${encoding} cannot write.`, { hint: "Write it as 'utf-8' (the default), or map such characters away first." });
    }
  }
  const text = Buffer.from(joined, encoding === 'utf-8' ? 'utf8' : 'latin1');
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
  checkOptionKeys(opts, ['compression', 'encoding', 'errors'], 'bag.readText');
  const compression = checkCompression(opts.compression, 'bag.readText');
  const encoding = checkEncoding(opts.encoding, 'bag.readText');
  const errors = checkErrors(opts.errors, 'bag.readText');
  const files: string[] = [];
  for (const p of Array.isArray(paths) ? paths : [paths]) {
    // A path that exists is that file or folder even when its name holds glob characters (a
    // folder `run [1]`, as toTextfiles may have written), as Dask/fsspec read it.
    const literal = existsSync(p);
    const found = literal ? [resolve(p)] : hasMagic(p) ? globFiles(p, 'bag.readText') : [];
    if (found.length === 0) {
      throw new SsdpError('E_BAG_NO_FILES', `bag.readText: no file matches ${p}`, {
        hint: 'Check the folder and the pattern (* for any name, ? for one character, [abc] for one of a, b, c, ** for any depth of folders; [[] and []] match a literal [ and ]).',
      });
    }
    if (literal && statSync(found[0]!).isDirectory()) {
      throw new SsdpError('E_BAG_NO_FILES', `bag.readText: ${p} is a folder, not a file.`, { hint: `Give a pattern for the files in it, e.g. ${join(p, '*.txt')} (** for any depth of folders).` });
    }
    files.push(...found);
  }
  const name = `read-text-${tokenize([files, compression, encoding, errors])}`;
  const graph: Graph = {};
  files.forEach((f, i) => (graph[`${name}-${i}`] = { fn: readTextFile, args: [f, compression, encoding, errors] }));
  return new Bag<string>(name, files.length, graph);
}

export interface ToTextfilesOptions extends ComputeOptions {
  compression?: Compression;
  /** 'utf-8' (default), 'latin-1' or 'ascii', as Dask's to_textfiles(encoding=). */
  encoding?: string;
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
  const { compression: c, overwrite, encoding: e, ...computeOpts } = opts;
  const compression = checkCompression(c, 'toTextfiles');
  const encoding = checkEncoding(e, 'toTextfiles');
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
  const name = `to-textfiles-${tokenize([b.name, targets, compression, encoding])}`;
  const graph: Graph = { ...b.graph };
  const keys = targets.map((t, i) => {
    const key = `${name}-${i}`;
    graph[key] = { fn: writeTextFile, args: [t, compression, ref(b.key(i)), encoding] };
    return key;
  });
  return (await get(graph, keys, computeOpts)) as string[];
}

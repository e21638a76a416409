/**
 * The lockfile: the boundary between resolve and fetch/link. Written with a fixed key order and
 * sorted maps so the same resolution always gives the same bytes; parsed with validation so a
 * damaged or hand-edited lock fails with the file's name instead of a crash later.
 */
// node:fs/promises through fs.promises, read at each call: the bundle then loads it (~8 M instructions with
// the readline and stream modules it pulls in) only when a command awaits one; a warm create awaits none.
import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import { SsdpError } from '../util/errors.js';
import type { Manifest } from './packument.js';
import { asList } from './platform.js';
import type { LockedNode, LockedPackage, Lockfile } from './types.js';
import { makeFolders } from '../util/make-folders.js';

/** dist.integrity when present, else the legacy sha1 shasum as SRI. */
export function integrityOf(m: Pick<Manifest, 'dist'>): string {
  if (m.dist.integrity) return m.dist.integrity;
  if (m.dist.shasum && /^[0-9a-f]{40}$/i.test(m.dist.shasum)) return 'sha1-' + Buffer.from(m.dist.shasum, 'hex').toString('base64');
  return '';
}

/** A string bin means one command named after the package (scope dropped). */
export function normaliseBin(name: string, bin: Manifest['bin']): Record<string, string> | undefined {
  if (!bin) return undefined;
  if (typeof bin === 'string') return { [name.split('/').pop()!]: bin };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(bin)) if (typeof v === 'string') out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

function sortedMap(m: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!m || Object.keys(m).length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k]!;
  return out;
}

const PACKAGE_KEYS = [
  'name', 'version', 'path', 'resolved', 'integrity', 'requested', 'optional', 'hasInstallScript',
  'bin', 'dependencies', 'optionalDependencies', 'peerDependencies', 'engines', 'os', 'cpu', 'libc',
] as const;

function canonicalPackage(p: LockedPackage): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of PACKAGE_KEYS) {
    const v = p[k];
    if (v === undefined || v === false) continue;
    if (k === 'bin' || k === 'dependencies' || k === 'optionalDependencies' || k === 'peerDependencies' || k === 'engines') {
      const s = sortedMap(v as Record<string, string>);
      if (s) out[k] = s;
    } else if (k === 'os' || k === 'cpu' || k === 'libc') {
      const list = asList(v as string[]);
      if (list && list.length) out[k] = list;
    } else out[k] = v;
  }
  return out;
}

export function serializeLock(lock: Lockfile): string {
  const node: LockedNode | undefined = lock.node
    ? { version: lock.node.version, package: lock.node.package, resolved: lock.node.resolved, integrity: lock.node.integrity }
    : undefined;
  const doc = {
    lockfileVersion: 1,
    registry: lock.registry,
    requested: [...lock.requested],
    ...(node ? { node } : {}),
    packages: [...lock.packages].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map(canonicalPackage),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export { fail as badLockfile };

function fail(file: string, why: string): never {
  throw new SsdpError('E_BAD_LOCKFILE', `${file} is not a valid ssdp lockfile: ${why}`, {
    hint: 'regenerate it with `ssdp env export --lock`, or create the env from its spec file instead',
  });
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrMap = (v: unknown) => v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isStr));
const isStrList = (v: unknown) => v === undefined || isStr(v) || (Array.isArray(v) && v.every(isStr));

export function parseLockfile(text: string, file: string): Lockfile {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    fail(file, `not JSON (${(e as Error).message})`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) fail(file, 'not a JSON object');
  if (doc.lockfileVersion !== 1) fail(file, `lockfileVersion ${JSON.stringify(doc.lockfileVersion)} is not supported (expected 1)`);
  if (!isStr(doc.registry)) fail(file, '"registry" must be a string');
  if (!Array.isArray(doc.requested) || !doc.requested.every(isStr)) fail(file, '"requested" must be a list of strings');
  if (!Array.isArray(doc.packages)) fail(file, '"packages" must be a list');
  if (doc.node !== undefined) {
    const n = doc.node as Record<string, unknown>;
    for (const k of ['version', 'package', 'resolved', 'integrity']) if (!n || !isStr(n[k])) fail(file, `node.${k} must be a string`);
  }
  const paths = new Set<string>();
  (doc.packages as unknown[]).forEach((raw, i) => {
    const p = raw as Record<string, unknown>;
    const where = `packages[${i}]${p && isStr(p.path) ? ` (${p.path})` : ''}`;
    if (!p || typeof p !== 'object') fail(file, `${where} is not an object`);
    for (const k of ['name', 'version', 'path', 'resolved', 'integrity']) if (!isStr(p[k])) fail(file, `${where}.${k} must be a string`);
    const path = p.path as string;
    const segs = path.split('/');
    if (path.startsWith('/') || segs.includes('..') || segs.includes('.') || segs.includes('')) fail(file, `${where}.path '${path}' is not a relative install path`);
    // The folder is the package name, except for npm: aliases (folder = alias, name = package).
    const folder = path.split('/node_modules/').pop()!;
    if (!/^(@[^/@.][^/@]*\/)?[^/@.][^/@]*$/.test(folder)) fail(file, `${where}.path '${path}' does not end in a package folder name`);
    if (paths.has(path)) fail(file, `${where}.path '${path}' appears twice`);
    paths.add(path);
    for (const k of ['bin', 'dependencies', 'optionalDependencies', 'peerDependencies', 'engines']) if (!isStrMap(p[k])) fail(file, `${where}.${k} must map names to strings`);
    for (const k of ['os', 'cpu', 'libc']) if (!isStrList(p[k])) fail(file, `${where}.${k} must be a list of strings`);
    if (p.bin) for (const target of Object.values(p.bin as Record<string, string>)) if (target.split(/[\\/]/).includes('..') || target.startsWith('/')) fail(file, `${where}.bin target '${target}' leaves the package folder`);
  });
  return doc as unknown as Lockfile;
}

export async function readLockfile(path: string): Promise<Lockfile> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (e) {
    throw new SsdpError('E_LOCKFILE_NOT_FOUND', `cannot read lockfile ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
  return parseLockfile(text, path);
}

let tmpCounter = 0;

export async function writeLockfile(path: string, lock: Lockfile): Promise<void> {
  await makeFolders(dirname(path));
  const tmp = `${path}.${process.pid}.${++tmpCounter}.tmp`;
  try {
    await fsp.writeFile(tmp, serializeLock(lock));
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.unlink(tmp).catch(() => {});
    throw e;
  }
}

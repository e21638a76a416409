/**
 * Git, tarball-URL and file: specs, resolved and packed by pacote with npm's semantics. Each
 * becomes a one-version packument (name and version from its package.json, tarball = what pacote
 * resolved: the commit for git, the absolute path for file:, the URL), so the solver treats it
 * like any registry package and its own dependencies resolve from the registry.
 * Scripts never run here: pacote is always told ignoreScripts, so a git dependency's `prepare`
 * (which npm runs through a nested `npm install`) is skipped, and the package is what the
 * repository holds.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SsdpError } from '../util/errors.js';
import type { Manifest, Packument } from './packument.js';
import type { Request } from './types.js';

/**
 * pacote packs folders (and git clones) through an Arborist tree only to list bundled
 * dependencies; ssdp installs those from the registry, so a root-only tree is enough and spares
 * loading @npmcli/arborist.
 */
class RootOnlyTree {
  constructor(private readonly o: { path: string }) {}
  loadActual() {
    const pkg = JSON.parse(readFileSync(join(this.o.path, 'package.json'), 'utf8')) as Record<string, unknown>;
    return Promise.resolve({ path: this.o.path, package: pkg, isProjectRoot: true, edgesOut: new Map(), workspaces: null });
  }
}

export function pacoteOptions(cacheDir: string): Record<string, unknown> {
  return { cache: join(cacheDir, 'pacote'), ignoreScripts: true, Arborist: RootOnlyTree, fullMetadata: true };
}

function sourceError(spec: string, e: unknown): SsdpError {
  if (e instanceof SsdpError) return e;
  const err = e as NodeJS.ErrnoException & { code?: string; stderr?: string };
  const detail = (err.stderr?.trim().split('\n').pop() || err.message || String(e)).trim();
  return new SsdpError('E_SOURCE_UNAVAILABLE', `cannot fetch '${spec}': ${detail}${err.code ? ` (${err.code})` : ''}`, {
    hint: 'check the path, URL, repository and ref (tag, branch or commit) in the spec',
    cause: e,
  });
}

/** What the lock records as the tarball: a file: URL for local specs, pacote's resolved otherwise. */
function lockedLocation(spec: string, resolved: string): string {
  if (!spec.startsWith('file:')) return resolved;
  const path = resolved.startsWith('file:') ? fileURLToPath(resolved.replace(/^file:(?!\/\/)/, 'file://')) : resolved;
  return pathToFileURL(path).href;
}

async function resolveOne(r: Request, cacheDir: string, registry: string): Promise<{ request: Request; packument: Packument }> {
  const spec = r.name !== r.source ? `${r.name}@${r.source}` : r.source!;
  const pacote = (await import('pacote')).default;
  const opts = { ...pacoteOptions(cacheDir), registry };
  let m: Awaited<ReturnType<typeof pacote.manifest>>;
  let integrity: string;
  try {
    m = await pacote.manifest(spec, opts);
    integrity = m._integrity ?? '';
    if (!integrity) {
      // Folders and git commits have no published hash: pack them once and record what was packed.
      const data = await pacote.tarball(m._resolved, opts);
      integrity = data.integrity;
    }
  } catch (e) {
    throw sourceError(r.raw, e);
  }
  if (r.name !== r.source && m.name !== r.name) {
    throw new SsdpError('E_BAD_SOURCE_SPEC', `'${r.raw}' holds package '${m.name}', not '${r.name}'`, { hint: `write ${m.name}@${r.source}, or just ${r.source}` });
  }
  const keep: Manifest = {
    name: m.name,
    version: m.version,
    dist: { tarball: lockedLocation(r.source!, m._resolved), integrity },
  };
  const fields = m as unknown as Record<string, unknown>;
  for (const k of ['dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'bin', 'engines', 'os', 'cpu', 'libc'] as const) {
    if (fields[k] !== undefined) (keep as unknown as Record<string, unknown>)[k] = fields[k];
  }
  const scripts = (fields.scripts ?? {}) as Record<string, string>;
  if (scripts.preinstall || scripts.install || scripts.postinstall) keep.hasInstallScript = true;
  return {
    request: { name: m.name, range: m.version, raw: r.raw, source: r.source },
    packument: { name: m.name, 'dist-tags': { latest: m.version }, versions: { [m.version]: keep } },
  };
}

/** Requests with a source replaced by name@version, and the packuments that pin those. */
export async function resolveSources(requests: Request[], cacheDir: string, registry: string): Promise<{ requests: Request[]; packuments: Map<string, Packument> }> {
  const packuments = new Map<string, Packument>();
  const out = await Promise.all(
    requests.map(async (r) => {
      if (!r.source) return r;
      const got = await resolveOne(r, cacheDir, registry);
      packuments.set(got.request.name, got.packument);
      return got.request;
    }),
  );
  return { requests: out, packuments };
}

/** True for a lock `resolved` pacote must pack (a git commit or a folder), not a tarball to download. */
export function needsPacking(resolved: string): boolean {
  if (/^git\+/.test(resolved)) return true;
  if (!resolved.startsWith('file:')) return false;
  try {
    return statSync(fileURLToPath(resolved)).isDirectory();
  } catch {
    return false;
  }
}

/** The packed tarball of a git commit or folder, as the one chunk of a byte stream. */
export async function packSource(resolved: string, cacheDir: string, what: string): Promise<AsyncIterable<Uint8Array>> {
  const pacote = (await import('pacote')).default;
  try {
    const data = await pacote.tarball(resolved.startsWith('file:') ? `file:${fileURLToPath(resolved)}` : resolved, pacoteOptions(cacheDir));
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return (async function* () {
      yield bytes;
    })();
  } catch (e) {
    throw sourceError(`${what} (${resolved})`, e);
  }
}

/**
 * Whether a lock's `resolved` is what one of its requested source specs names: the same file:
 * path or URL, or the same git repository (the commit after `#` is what pacote resolved the ref to).
 */
export function namedBySource(resolved: string, sources: string[]): boolean {
  const repo = (s: string) => s.replace(/#.*$/, '');
  for (const s of sources) {
    const spec = s.replace(/^[^@/:.][^@]*@(?=(git\+|git:|github:|https?:|file:))/, '').replace(/^@[^@]+@(?=(git\+|git:|github:|https?:|file:))/, '');
    if (spec.startsWith('file:')) {
      if (resolved === pathToFileURL(spec.slice(5)).href) return true;
    } else if (/^git/.test(spec)) {
      if (repo(resolved) === repo(spec)) return true;
    } else if (resolved === spec) return true;
  }
  return false;
}

/**
 * Packs a package folder (a file: spec, or a git commit's clone) the way `npm pack` lays it out:
 * npm-packlist's file list, pacote's tar options (package/ prefix, fixed mtime, portable headers,
 * gzip level 9), so the bytes and integrity are those pacote gave before.
 *
 * Not pacote's own folder packer: node-tar writes a file that has a second name in the list as
 * a hardlink entry, and its asynchronous packer then either crashed the process from a zlib
 * stream nobody listened to (an uncaught 'error' event) or waited for ever for a link target
 * that never came (no output, exit 13; a folder holding an ssdp root whose envs hardlink the
 * store). Here every name is a plain file, as npm installs it, and tar runs synchronously, so
 * any failure is an exception the caller turns into a coded error.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative } from 'node:path';

/** A link cache that remembers nothing: node-tar then writes every hardlinked name as a file. */
class NoLinks extends Map<string, string> {
  override get(): undefined {
    return undefined;
  }
  override set(): this {
    return this;
  }
}

type Packlist = (tree: unknown, opts: { path: string }) => Promise<string[]>;
interface DirFetcherStatic {
  tarCreateOptions(manifest: Record<string, unknown>): Record<string, unknown>;
}

/** npm-packlist as pacote itself loads it (a dependency of pacote's, so the same version). */
function packlistOfPacote(): Packlist {
  const fromPacote = createRequire(createRequire(import.meta.url).resolve('pacote'));
  return fromPacote('npm-packlist') as Packlist;
}

interface PackNode {
  path: string;
  package: Record<string, unknown>;
  isProjectRoot: boolean;
  isLink: false;
  target: PackNode;
  edgesOut: Map<string, { peer: false; dev: false; to: PackNode }>;
  workspaces: null;
}

function readPackage(dir: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * The tree npm-packlist walks for a folder: the root and, for its bundleDependencies, the
 * installed packages in its node_modules (each found as Node finds it: its own node_modules,
 * then up to the root's) with their own dependencies, so a folder's or git clone's bundled
 * dependencies are packed as npm packs them (npm never fetches a bundled dependency).
 */
export function packTree(root: string, pkg: Record<string, unknown>): PackNode {
  const nodes = new Map<string, PackNode>();
  const nodeAt = (path: string, p: Record<string, unknown>, isRoot: boolean): PackNode => {
    const known = nodes.get(path);
    if (known) return known;
    const node = { path, package: p, isProjectRoot: isRoot, isLink: false, edgesOut: new Map(), workspaces: null } as unknown as PackNode;
    node.target = node;
    nodes.set(path, node);
    const bundled = p.bundleDependencies ?? p.bundledDependencies;
    const deps = { ...(p.dependencies as Record<string, string>), ...(p.optionalDependencies as Record<string, string>) };
    const names = !isRoot ? Object.keys(deps) : bundled === true ? Object.keys(deps) : Array.isArray(bundled) ? (bundled as string[]) : [];
    for (const name of names) {
      // Up from this package to the folder holding the node_modules it sits in (a scope is one level more).
      for (let at = path; ; at = at.slice(0, at.lastIndexOf('/node_modules/'))) {
        const dir = join(at, 'node_modules', name);
        const child = readPackage(dir);
        if (child) {
          node.edgesOut.set(name, { peer: false, dev: false, to: nodeAt(dir, child, false) });
          break;
        }
        if (at.length <= root.length) break;
      }
    }
    return node;
  };
  return nodeAt(root, pkg, true);
}

/**
 * The gzipped tarball of `dir` with its sha512 integrity, as pacote.tarball returns it. Files
 * under `ssdpRoot` are left out: a project folder may hold the ssdp root (`.ssdp-root/`), whose
 * store and envs are no part of the package and change while the package is being installed
 * (packed again at install, the folder would no longer match what was resolved).
 */
export async function packFolder(dir: string, ssdpRoot?: string): Promise<Buffer & { integrity: string }> {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  const tree = packTree(dir, pkg);
  const inRoot = ssdpRoot === undefined ? undefined : relative(dir, ssdpRoot);
  const inside = inRoot !== undefined && inRoot !== '' && !inRoot.startsWith('..') && !isAbsolute(inRoot);
  const files = (await packlistOfPacote()(tree, { path: dir })).filter((f) => !inside || (f !== inRoot && !f.startsWith(`${inRoot}/`)));
  const pacote = (await import('pacote')).default as unknown as { DirFetcher: DirFetcherStatic };
  const tar = await import('tar');
  const opts = { ...pacote.DirFetcher.tarCreateOptions({ ...pkg, _resolved: dir }), sync: true, linkCache: new NoLinks() };
  const chunks: Buffer[] = [];
  const stream = tar.c(opts as Parameters<typeof tar.c>[0] & { sync: true }, files) as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  const data = Buffer.concat(chunks);
  const integrity = `sha512-${createHash('sha512').update(data).digest('base64')}`;
  return Object.assign(data, { integrity });
}

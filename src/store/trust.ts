/**
 * Whether a lock may be trusted with what it asks for: every tarball comes from a registry the
 * user configured (or a host they allowed), and each stored package is the one its entry names.
 * The integrity hash alone proves only "these bytes", not "this package": a lock entry named
 * left-pad carrying is-odd's URL and hash would otherwise install is-odd as left-pad.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { readRegularFile } from '../util/read-regular.js';
import type { Lockfile } from '../resolve/types.js';
import { FILES_DIR, type PackageIndex } from './cas.js';
import { packageVersion } from '../util/package-version.js';

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/**
 * SSDP_ALLOWED_HOSTS (comma-separated hosts or URLs; `*` allows any), named after
 * lockfile-lint's --allowed-hosts, the usual npm-world check of the same thing.
 */
export function allowedHostsFromEnv(): string[] {
  return (process.env.SSDP_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
}

/** A URL as it fits in one line of an error (a data: URL can be many KB). */
const shortUrl = (url: string): string => (url.length > 120 ? `${url.slice(0, 100)}... (${url.length} characters)` : url);

/** Throws E_LOCK_UNTRUSTED_HOST for the first `resolved` outside the lock's registries. */
export async function checkSources(lock: Lockfile, allowedHosts: string[] = allowedHostsFromEnv(), o: { trustedRegistries?: string[]; source?: string } = {}): Promise<void> {
  const trusted = o.trustedRegistries ?? [lock.registry];
  const home = originOf(trusted[0] ?? '');
  const from = o.source ? `${o.source}: the lock` : 'the lock';
  let entries: { what: string; resolved: string }[] = lock.packages.map((p) => ({ what: `${p.name}@${p.version}`, resolved: p.resolved }));
  if (lock.node) entries.push({ what: `${lock.node.package}@${lock.node.version}`, resolved: lock.node.resolved });
  // A git, URL or file: spec the lock's own requests name is what the user asked for, and a git
  // or URL spec in a locked package's dependencies is what that package asked for; anything else
  // outside the registry (a file: path no request names) is still refused below.
  if (entries.some((e) => !(home && e.resolved.startsWith(home + '/')))) {
    const { isSourceSpec } = await import('../resolve/spec.js');
    // (An scp-like git URL, git@host:user/repo, is a source spec whole: its `git@` is no name.)
    const named = lock.requested.filter((r) => isSourceSpec(r) || isSourceSpec(r.replace(/^(@[^/@]+\/)?[^/@:]+@(?=\S)/, '')));
    for (const p of lock.packages) {
      for (const spec of Object.values({ ...p.dependencies, ...p.optionalDependencies })) if (isSourceSpec(spec) && !/^(file:|\.|\/)/.test(spec.trim())) named.push(spec);
    }
    if (named.length) {
      const { folderDependencySources, namedBySource } = await import('../resolve/sources.js');
      entries = entries.filter((e) => !namedBySource(e.resolved, named));
      // A named folder's own file: dependencies are named by it, and theirs by them.
      for (let before = -1; before !== entries.length; ) {
        before = entries.length;
        const untrusted = new Set(entries.map((e) => e.resolved));
        const local = lock.packages.filter((p) => !untrusted.has(p.resolved)).flatMap(folderDependencySources);
        if (local.length) entries = entries.filter((e) => !namedBySource(e.resolved, local));
      }
    }
  }
  // Only http(s) is a registry's: a file:, data: or git URL in a registry lock would read the
  // disk or skip the host check, so it is refused before anything is opened, `*` or not.
  const local = entries.find((e) => !/^https?:\/\//i.test(e.resolved));
  if (local && !o.source) {
    // No lockfile of the user's: the URL is what the registry's metadata (or the env's lock, made
    // from it) says, so "regenerate the lock" would not help (the s13 tester's R1).
    throw new SsdpError('E_LOCK_UNTRUSTED_HOST', `the registry's metadata gives the tarball of ${local.what} as ${shortUrl(local.resolved)}, which is not an http(s) URL; ssdp downloads registry packages only over http(s), so nothing was read`, {
      hint: `the registry ${lock.registry || '(none)'} (or a proxy in between) is misconfigured or hostile: tell its maintainers, or use another registry (npm config set registry URL); SSDP_ALLOWED_HOSTS cannot allow a non-http(s) URL.`,
    });
  }
  if (local) {
    throw new SsdpError('E_LOCK_UNTRUSTED_HOST', `${from} fetches ${local.what} from ${shortUrl(local.resolved)}, which is not an http(s) URL on its registry ${lock.registry || '(none)'}; nothing was read`, {
      // Not "edited by hand": an older ssdp wrote a monorepo sibling's folder absolute, which a
      // moved project's lock no longer names (tester s19 try13x X2).
      hint: 'a lock installs a folder, tarball or git source only where its requests (or a folder package they name, through its file: dependencies) name it, and everything else only from http(s) registries; if the env still exists, export its lock again (ssdp env export --lock -f FILE), else regenerate it (ssdp env update -f SPEC).',
    });
  }
  // The common case costs a string compare per package: everything on the lock's own registry.
  const strangers = entries.filter((e) => !(home && e.resolved.startsWith(home + '/')));
  if (!strangers.length) return;
  if (allowedHosts.includes('*')) return;
  const { npmRegistryConfig } = await import('../resolve/registry-config.js');
  const cfg = npmRegistryConfig();
  const origins = new Set([cfg.registry, ...Object.values(cfg.scopes), ...trusted].map(originOf));
  const hosts = new Set(allowedHosts.map((h) => (/^[a-z]+:\/\//i.test(h) ? new URL(h).host : h).toLowerCase()));
  for (const e of strangers) {
    const origin = originOf(e.resolved);
    // A bare host allows it on any port; host:port only that port.
    const url = origin ? new URL(e.resolved) : undefined;
    if (url && (origins.has(origin) || hosts.has(url.host.toLowerCase()) || hosts.has(url.hostname.toLowerCase()))) continue;
    const host = url ? url.host : 'HOST';
    const where = o.trustedRegistries ? 'a registry you configured (npm config, or the env\'s channels)' : `its registry ${lock.registry || '(none)'} or a registry in your npm config`;
    if (!o.source) {
      throw new SsdpError('E_LOCK_UNTRUSTED_HOST', `the registry's metadata puts the tarball of ${e.what} at ${shortUrl(e.resolved)}, and ${host} is not ${where}; nothing was downloaded`, {
        hint: `registries keep tarballs on their own host unless they use a CDN or mirror (or a proxy does not rewrite tarball URLs). If you trust ${host}, allow it with SSDP_ALLOWED_HOSTS=${host} (comma-separated hosts), or make it your registry (npm config set registry ${origin ?? 'URL'}/).`,
      });
    }
    throw new SsdpError('E_LOCK_UNTRUSTED_HOST', `${from} fetches ${e.what} from ${shortUrl(e.resolved)}, and ${host} is not ${where}; a lock's own "registry" field does not make a host trusted`, {
      hint: `if you trust ${host}, allow it with SSDP_ALLOWED_HOSTS=${host}, or make it your registry (npm config set registry ${origin ?? 'URL'}/); else regenerate the lock from your registry (ssdp env update).`,
    });
  }
}

/** npm normalises versions (`v1.0.0`, `=1.0.0`); compare what semver would. */
const sameVersion = (a: string, b: string) => a === b || a.replace(/^[v=\s]+/, '') === b.replace(/^[v=\s]+/, '');

/**
 * Throws E_LOCK_MISMATCH unless the stored package is the name and version the entry says.
 * `lockFile`: the lockfile the entries came from, when the user gave one (else they came from
 * resolving against the registry, and the wording must not blame a lockfile).
 */
export function checkManifest(entry: { name: string; version: string; resolved: string }, index: PackageIndex, dir: string, lockFile?: string): void {
  let m = index.manifest;
  if (!m) {
    // Entries stored before the index recorded it: ask the package itself.
    try {
      const pkg = JSON.parse(readRegularFile(join(dir, FILES_DIR, 'package.json'))) as { name?: unknown; version?: unknown };
      m = { name: typeof pkg.name === 'string' ? pkg.name : '', version: packageVersion(pkg.version) };
    } catch {
      m = { name: '', version: '' };
    }
  }
  if (m.name === entry.name && sameVersion(m.version, entry.version)) return;
  const holds = `${m.name || '(no name)'}@${m.version || '(no version)'}`;
  if (lockFile !== undefined) {
    throw new SsdpError('E_LOCK_MISMATCH', `${lockFile}: the lock entry ${entry.name}@${entry.version} points at a tarball (${entry.resolved}) that holds ${holds}`, {
      hint: 'the lockfile was edited, or the registry serves another package under that URL; nothing was installed. Regenerate the lock (ssdp env update) instead of installing from it',
    });
  }
  throw new SsdpError('E_LOCK_MISMATCH', `${entry.name}@${entry.version} resolved to a tarball (${entry.resolved}) that holds ${holds}`, {
    hint: 'the registry (or a mirror in between) serves another package under that URL, or the env\'s ssdp-meta/lock.json was edited; nothing was installed. Use a registry you trust (npm config set registry URL) and tell its maintainers',
  });
}

/**
 * How a stored entry differs from what was recorded when it was stored (pnpm's check: size and
 * mtime, one stat per file): the sign of an edit or a deletion through some env's hardlink.
 */
export function storedDamage(dir: string, index: PackageIndex): string | undefined {
  const files = join(dir, FILES_DIR) + '/'; // index paths are normalised: no join per file
  // Indexed loop, no destructuring: this runs once per stored file, in a process whose V8 keeps
  // it in the interpreter (see util/short-lived.ts), where `for (const [a, , b] of ...)` walks
  // the iterator protocol twice per file.
  const list = index.files;
  let owner: { uid: number; gid: number } | undefined;
  for (let i = 0; i < list.length; i++) {
    const f = list[i]!;
    const mtime = f[4];
    if (mtime === undefined) return undefined; // an older entry: nothing recorded to compare
    const st = statSync(files + f[0], MAY_BE_MISSING);
    if (!st) return `${f[0]} was deleted`;
    if (st.size !== f[2] || st.mtimeMs !== mtime) return `${f[0]} was changed in place`;
    const meta = modeOrOwnerChange(f[0], st, f[1], (owner ??= statSync(join(dir, FILES_DIR))));
    if (meta) return meta;
  }
  return undefined;
}

/**
 * How a stored file's mode or owner differs from what the store gave it, or undefined. A
 * `chmod -R g+w PREFIX` or `chown -R USER PREFIX` inside one env changes the inode every env
 * shares (the tester's s14 B9): a write or set-id bit the index's mode lacks, the owner's read bit
 * taken away, or an owner
 * other than the entry's own `files` folder (which no env holds), lets that user or group edit
 * the package in every env. The umask may have taken bits away when unpacking; that is no change.
 * `owner`: the stat of the entry's `files` folder.
 */
export function modeOrOwnerChange(path: string, st: { mode: number; uid: number; gid: number }, mode: number, owner: { uid: number; gid: number }): string | undefined {
  // Execute bits are not counted: linking itself makes a bin's target executable (bins.ts).
  const extra = st.mode & 0o7222 & ~mode;
  // Read taken away (chmod a-r / u-r in one env): the package no longer loads for anyone but root
  // in any env. Only the owner's bit is judged: a umask may have taken group and other bits.
  if (mode & 0o400 && !(st.mode & 0o400)) return `${path} was given mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')} where the store keeps ${mode.toString(8).padStart(4, '0')}, so it is unreadable (to all but root) in every env`;
  if (extra) return `${path} was given mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')} where the store keeps ${mode.toString(8).padStart(4, '0')}, so it is ${extra & 0o222 ? 'writable' : 'set-id'} in every env`;
  if (st.uid !== owner.uid || st.gid !== owner.gid) return `${path} was given to owner ${st.uid}:${st.gid}, who may now edit it in every env, where the store's files belong to ${owner.uid}:${owner.gid}`;
  return undefined;
}

const MAY_BE_MISSING = { throwIfNoEntry: false } as const;

/**
 * Git, tarball-URL and file: specs, resolved and packed by pacote with npm's semantics. Each
 * becomes a one-version packument (name and version from its package.json, tarball = what pacote
 * resolved: the commit for git, the absolute path for file:, the URL), so the solver treats it
 * like any registry package and its own dependencies resolve from the registry.
 * Scripts run only when allowed: a git dependency whose package.json has scripts npm would run
 * when packing it (`prepare` and the like, through a nested `npm install`) is refused unless its
 * name is in allowScripts; allowed, pacote prepares it as npm does and the prepared package is
 * what gets packed, recorded and installed.
 */
import { workspaceFolders, workspaceRootAt } from '../util/npm-workspaces.js';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative as relativePath, resolve as pathResolve } from 'node:path';
import { createRequire } from 'node:module';
import semver from 'semver';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { maskUrlCredentials, SsdpError } from '../util/errors.js';
import { onStop } from '../util/stop-on-exit.js';
import { extraCaOption } from '../util/extra-ca.js';
import { retryPolicy } from '../util/http-retry.js';
import { npmRegistryConfig, type NpmRegistryConfig } from './registry-config.js';
import { isValidPackageName, SCP_GIT_URL, scpGitSpec } from './spec.js';
import { packageVersion } from '../util/package-version.js';
import { otherCompression, RECOMPRESS_HINT } from '../store/archive-kind.js';
import type { Manifest, Packument } from './packument.js';
import type { Request, ResolveOptions } from './types.js';

/**
 * pacote packs folders (and git clones) through an Arborist tree only to list bundled
 * dependencies; pack-folder's packTree gives the root and its bundled packages without
 * loading @npmcli/arborist.
 */
class RootOnlyTree {
  constructor(private readonly o: { path: string }) {}
  async loadActual() {
    const pkg = JSON.parse(readFileSync(join(this.o.path, 'package.json'), 'utf8')) as Record<string, unknown>;
    return (await import('./pack-folder.js')).packTree(this.o.path, pkg);
  }
}

const scratchDirs = new Set<string>();

/**
 * What this process packed while resolving, by the location the lock records (a git commit or a
 * folder's file: URL). Installing in the same run takes these bytes instead of packing again: a
 * prepare that stamps a date or a random id gives other bytes each time, which the integrity
 * check would refuse on a fresh create, and a second clone and prepare cost as much as the first.
 */
const packedThisRun = new Map<string, Buffer & { integrity: string }>();

/**
 * This process's folder for pacote's cache and temp files (git clones, downloads): ssdp keeps
 * packages in its store, so nothing there is worth keeping. Removed when the process exits; the
 * pid in its name lets ssdp clean remove the folder of a process that was killed.
 */
export function pacoteScratch(cacheDir: string): string {
  const dir = join(cacheDir, 'pacote', `p-${process.pid}`);
  // On a stop signal too (Ctrl-C): ssdp then dies of the signal, which runs no 'exit' listener,
  // and a partial git clone stayed under ROOT/cache (s18 try13v V4).
  if (scratchDirs.size === 0) onStop(async () => removeScratchDirs(), removeScratchDirs);
  scratchDirs.add(dir);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function removeScratchDirs(): void {
  // retries: a git child stopped by the same signal may still be writing its last files
  scratchDirs.forEach((d) => rmSync(d, { recursive: true, force: true, maxRetries: 3 }));
}

/** Folders under ROOT/cache/.../pacote no running process owns (see pacoteScratch). */
export function pacoteLeftovers(cacheDirs: string[], alive: (pid: number) => boolean): string[] {
  return cacheDirs.flatMap((c) => {
    const dir = join(c, 'pacote');
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    // Anything else there is pacote's shared cache of an older ssdp (its tmp/ held killed downloads).
    return names.filter((n) => !/^p-\d+$/.test(n) || !alive(Number(n.slice(2)))).map((n) => join(dir, n));
  });
}

/**
 * One quick retry: a missing repository or ref fails the same way every time, and pacote's
 * defaults (10x backoff from 1 s) would keep a typo waiting 11 s before saying so.
 */
export function pacoteOptions(cacheDir: string, prepare = false): Record<string, unknown> {
  gitStallLimit();
  const ca = extraCaOption();
  const git = gitForPacote();
  return { cache: pacoteScratch(cacheDir), ignoreScripts: !prepare, Arborist: RootOnlyTree, fullMetadata: true, fetchRetries: 1, fetchRetryFactor: 2, fetchRetryMintimeout: 500, ...(ca && { ca }), ...(git && { git }), ...npmNetworkOptions() };
}

/**
 * The npm config's proxy and credentials in the shape npm hands them to pacote (npm-registry-fetch
 * takes `proxy`, `noProxy` and the `//host/:_authToken` / `:_auth` keys and applies npm's rules
 * itself; HTTPS_PROXY and NO_PROXY it reads from the environment): a GitHub archive or a registry
 * tarball pacote fetches goes the way npm's would.
 */
function npmNetworkOptions(): Record<string, string> {
  let cfg: NpmRegistryConfig;
  try {
    cfg = npmRegistryConfig();
  } catch {
    return {}; // a bad registry setting: said when resolving
  }
  const out: Record<string, string> = {};
  if (cfg.proxy.proxy) out.proxy = cfg.proxy.proxy;
  if (cfg.proxy.noProxy) out.noProxy = cfg.proxy.noProxy;
  for (const [key, header] of Object.entries(cfg.auth.headers)) {
    const [kind, value] = header.split(' ') as [string, string];
    out[`${key}:${kind === 'Bearer' ? '_authToken' : '_auth'}`] = value;
  }
  return out;
}

let gitWrapper: string | null | undefined;

/**
 * bin/git-for-pacote, the git pacote's clones run through: git, without the submodule update git
 * runs after `clone --recurse-submodules` when the repository has no .gitmodules. Where it cannot
 * run (Windows, a copy of ssdp without it) pacote runs git itself.
 */
function gitForPacote(): string | null {
  if (gitWrapper === undefined) {
    const path = fileURLToPath(new URL('../../../bin/git-for-pacote', import.meta.url));
    try {
      if (process.platform === 'win32') throw new Error('no sh');
      accessSync(path, constants.X_OK);
      gitWrapper = path;
    } catch {
      gitWrapper = null;
    }
  }
  return gitWrapper;
}

let reports = 0;

/**
 * pacote's options for preparing an allowed git dependency: the `npm install` in its clone runs
 * through prepare-install.js, which skips the install scripts of the devDependencies it installs
 * unless they are allowed too (npm would run them all), and `skipped()` names the ones it skipped.
 */
function prepareOptions(cacheDir: string, allowScripts: string[]): { opts: Record<string, unknown>; skipped(): string[] } {
  const report = join(pacoteScratch(cacheDir), `skipped-${++reports}.json`);
  const npmBin = fileURLToPath(new URL('./prepare-install.js', import.meta.url));
  return {
    opts: { ...pacoteOptions(cacheDir, true), npmBin, npmInstallCmd: [report, JSON.stringify(allowScripts), 'install', '--force'] },
    skipped() {
      try {
        return JSON.parse(readFileSync(report, 'utf8')) as string[];
      } catch {
        return [];
      } finally {
        rmSync(report, { force: true });
      }
    },
  };
}

/**
 * SSDP_FETCH_TIMEOUT for git over http(s), as for downloads: git (curl) gives up when less than a
 * byte a second arrives for that long, so a host or proxy that accepts the connection and never
 * answers ends the command instead of hanging it. Through git's own variables, which pacote's git
 * children inherit; a user's own setting of them wins.
 */
function gitStallLimit(): void {
  if (process.env.GIT_HTTP_LOW_SPEED_LIMIT !== undefined || process.env.GIT_HTTP_LOW_SPEED_TIME !== undefined) return;
  process.env.GIT_HTTP_LOW_SPEED_LIMIT = '1';
  process.env.GIT_HTTP_LOW_SPEED_TIME = String(Math.max(1, Math.ceil(retryPolicy().stallMs / 1000)));
}

/**
 * Scripts that make a git dependency's packed contents (npm runs them, through `npm install` in
 * the clone, before packing). Without them the package is usually missing its built files, so it
 * is refused rather than installed unprepared; install scripts alone are left to the install
 * step, which skips them with a warning unless allowed, as for registry packages.
 */
const PREPARE_SCRIPTS = ['prepare', 'prepack'];

/** True for a git spec (`name@` dropped), including the user/repo shorthand. */
export function isGitSpec(spec: string): boolean {
  const s = scpGitSpec(spec);
  if (s !== spec) return true;
  const bare = scpGitSpec(spec.replace(/^(@[^/@]+\/)?[^/@:]+@(?=\S)/, ''));
  return /^(git\+|git:|github:|gitlab:|bitbucket:)|^[A-Za-z0-9][\w.-]*\/[\w.-]+(#.*)?$/.test(bare) || HOSTED_GIT_URL.test(bare);
}

/**
 * `https://github.com/u/r` (GitLab's, Bitbucket's), no git+ in front: npm reads it as that git
 * repository, not as a tarball URL. Not taken for one, it was fetched through pacote's manifest
 * and tarball, two clones (tester s18 try13v), and failed outright where the host's archive could
 * not be reached.
 */
const HOSTED_GIT_URL = /^https?:\/\/(github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\/[^/#]+(\.git)?\/?(#.*)?$/i;

/**
 * The folder of a git spec's `::path:DIR` (npm 9+: the package in a subfolder of the repository),
 * or undefined. pacote packs that folder of its clone but leaves it out of the commit it
 * resolves, so ssdp adds it back (withGitSubdir) to what the lock records and packs again.
 * A `..` that climbs out of the clone is refused: pacote would pack a folder beside it.
 */
export function gitSubdir(spec: string): string | undefined {
  const hash = spec.indexOf('#');
  if (hash < 0 || !isGitSpec(spec)) return undefined;
  const part = spec.slice(hash + 1).split('::').find((p) => p.startsWith('path:'));
  if (part === undefined) return undefined;
  const dir = part.slice(5).split('/').filter((p) => p && p !== '.');
  if (!dir.length || dir.includes('..')) {
    throw new SsdpError('E_BAD_SOURCE_SPEC', `'${spec}' names the folder '${part.slice(5)}' of the repository, which is ${dir.length ? 'not inside it (a .. climbs out)' : 'its top (an empty path)'}; nothing was changed`, {
      hint: "Write the package's folder relative to the top of the repository, as npm does: REPO#REF::path:packages/NAME (or drop ::path: for a package at the top).",
    });
  }
  return dir.join('/');
}

/** pacote's resolved commit (`REPO#SHA`) with the spec's `::path:DIR` put back. */
function withGitSubdir(resolved: string, sub: string | undefined): string {
  return sub === undefined || /::path:/.test(resolved) ? resolved : `${resolved}::path:${sub}`;
}

/**
 * Whether the package is prepared before packing: a git dependency (npm runs its nested install
 * and prepare scripts) or a folder (npm runs its prepare script in place, as for
 * `npm install --install-links ./dir`). Refused when it has such scripts and is not allowed.
 */
function preparing(spec: string, kind: 'git' | 'folder' | undefined, m: { name: string; scripts?: Record<string, string> }, allowScripts: string[]): boolean {
  if (!kind) return false;
  const scripts = Object.keys(m.scripts ?? {}).filter((k) => (kind === 'git' ? PREPARE_SCRIPTS : ['prepare']).includes(k));
  if (allowScripts.includes(m.name)) return kind === 'git' || scripts.length > 0;
  if (!scripts.length) return false;
  throw new SsdpError('E_SCRIPT_NOT_ALLOWED', `'${spec}' is a ${kind === 'git' ? 'git dependency' : 'package folder'} (${m.name}) that npm prepares by running its ${scripts.join(', ')} script${scripts.length > 1 ? 's' : ''} before packing it, and ssdp runs no package's scripts unless told to; nothing was changed`, {
    hint: `if you trust ${m.name}, allow it with --allow-scripts ${m.name} (or allow-scripts: [${m.name}] in the spec file); else depend on a published version or a tarball that holds the built files`,
  });
}

/** The line of git's or the server's answer that says what went wrong. */
function detailOf(e: unknown): string {
  const err = e as { stderr?: string; message?: string; code?: unknown };
  const lines = String(err.stderr ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /^(fatal|error|ssh):/.test(l)) ?? lines[0];
  return (line ? line.replace(/^fatal:\s*/, '') : String(err.message ?? e)).replace(/\s+/g, ' ').trim();
}

function sourceError(spec: string, e: unknown, source?: string): SsdpError {
  if (e instanceof SsdpError) return e;
  const err = e as { code?: unknown; message?: string; stderr?: unknown; cmd?: unknown };
  if (/^(git dep preparation failed|command failed)$/.test(String(err.message)) && err.cmd !== undefined && !String(err.cmd).endsWith('git')) {
    // An allowed git dependency's prepare (npm install in its clone, then the script) failed.
    const said = String(err.stderr ?? '').split(/\r?\n/).map((l) => l.replace(/^npm (error|ERR!)\s*/, '').trim()).filter((l) => l && !/^(A complete log|code \d+$|path \/|command (failed|sh -c))/.test(l));
    if (said.includes('ssdp: npm was not found on PATH')) {
      return new SsdpError('E_INSTALL_SCRIPT', `preparing '${spec}' needs npm, which is not on PATH: npm installs the repository's dependencies and runs its prepare script before packing it, as npm itself does for a git dependency; nothing was changed`, {
        hint: 'install npm (Debian/Ubuntu: apt install npm; Node.js from nodejs.org includes it) or put the folder holding it on PATH, then run the command again',
        cause: e,
      });
    }
    return new SsdpError('E_INSTALL_SCRIPT', `preparing '${spec}' failed (npm runs its prepare script before packing it, exit code ${String(err.code)}): ${said.slice(-3).join(' / ') || 'no output'}; nothing was changed`, {
      hint: 'fix the prepare script in the repository or depend on a commit whose prepare works; to see all of it, run npm install in a clone of that commit',
      cause: e,
    });
  }
  const code = typeof err.code === 'string' ? err.code : '';
  const path = code === 'ENOENT' ? localSourcePath(source) : undefined;
  if (path !== undefined && !existsSync(path)) {
    // Not "no package.json in it" (the folder is not there at all, tester s19 try13y Y4), nor
    // pacote's ENOENT of a tarball.
    return new SsdpError('E_SOURCE_UNAVAILABLE', `cannot fetch '${spec}': there is no folder or file at ${path}; nothing was changed`, {
      hint: "check the path: a relative one is taken from the folder the command runs in (in a spec file, from the spec file's folder)",
      cause: e,
    });
  }
  if (code === 'ENOENT' && /package\.json/.test(String(err.message))) {
    // Not pacote's words: they name its temp clone, and the hint below would blame git.
    const git = isGitSpec(spec);
    const sub = git ? spec.match(/::path:([^:]*)/)?.[1] : undefined;
    const where = sub === undefined ? 'at its top' : `in its folder ${sub}`;
    return new SsdpError('E_SOURCE_UNAVAILABLE', `cannot fetch '${spec}': ${git ? `the repository has no package.json ${where} at that ref` : 'there is no package.json in it'}, so it is not an npm package; nothing was changed`, {
      hint: git
        ? sub === undefined
          ? 'a git spec installs the package at the top of the repository: pick a repository or ref whose top folder holds package.json, or name its folder with #REF::path:DIR'
          : 'name the folder (relative to the top of the repository) that holds package.json at that ref after ::path:'
        : 'point the spec at the folder (or .tgz) that holds the package.json',
      cause: e,
    });
  }
  // npm-pick-manifest's words for a #semver: range no tag meets ("No versions available for undefined").
  const detail = /^(ENOVERSIONS|ETARGET)$/.test(code) ? `no tag of the repository matches ${spec.replace(/^.*#/, '#')}` : detailOf(e);
  const isGit = isGitSpec(spec) || /git/i.test(String((e as object).constructor?.name));
  // A GitHub/GitLab/Bitbucket repository is read over https first, then over ssh (pacote's order,
  // as npm's); only the last error comes back, so an https URL that failed was reported as an ssh
  // failure alone, sending a user behind a firewall to look for ssh keys (try13u U2).
  const hosted = isGit && /^ssh:/.test(detail) ? hostedKey(source ?? spec) : undefined;
  if (hosted) {
    const [host, ...path] = hosted.split('/');
    return new SsdpError('E_SOURCE_UNAVAILABLE', `cannot fetch '${spec}': git could not read https://${hosted}.git, nor git@${host}:${path.join('/')}.git over ssh, which npm tries next (ssh said: ${detail.replace(/^ssh:\s*/, '')}); nothing was changed`, {
      hint: `check that \`git ls-remote https://${hosted}.git\` works from here: the network, a proxy (git reads HTTPS_PROXY and its http.proxy setting), or a firewall that lets only some hosts through`,
      cause: e,
    });
  }
  let hint: string;
  if (/did not match|pathspec|not a valid|unknown revision|no tag of the repository|ENOVERSIONS|ETARGET/i.test(detail + code)) {
    hint = 'the repository has no such tag, branch, commit or matching semver tag; list what it has with git ls-remote REPO-URL and fix the part after #';
  } else if (code === 'E404' || /404/.test(detail)) {
    hint = 'the server has no file at that URL; check the URL (a release asset or a registry tarball ends in .tgz)';
  } else if (isGit && /too slow/i.test(detail)) {
    hint = 'the git host (or a proxy in between) stopped answering; try again later, or on a slow link allow more time with SSDP_FETCH_TIMEOUT=SECONDS';
  } else if (isGit) {
    hint = 'git could not read that repository: check its URL and that `git ls-remote URL` works from here (network, credentials, ssh keys)';
  } else {
    hint = 'check the path or URL in the spec, and that it is reachable from here';
  }
  return new SsdpError('E_SOURCE_UNAVAILABLE', `cannot fetch '${spec}': ${detail}${code && !detail.includes(code) ? ` (${code})` : ''}; nothing was changed`, { hint, cause: e });
}

type Pacote = typeof import('pacote');

/** Packed bytes with their sha512 integrity and, from pacote, the location it resolved the spec to. */
type Packed = Buffer & { integrity: string; resolved?: string };

/** True when the host could not be reached at all (as opposed to answering with an error). */
function unreachable(e: unknown): boolean {
  return (e as Error).name === 'FetchError' || /^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT)$/.test(String((e as { code?: unknown }).code));
}

/** The hosted repository (`github.com/u/r`) of a spec pacote fetches as the host's archive. */
function hostedKey(spec: string): string | undefined {
  const key = repositoryKey(spec);
  const host = key?.split('/')[0];
  return key && host && Object.values(HOSTS).includes(host) ? key : undefined;
}

/** Runs `use` on a clone of a hosted repository checked out at `sha` (without .git), then removes it. */
async function withClone<T>(key: string, sha: string, cacheDir: string, use: (dir: string) => Promise<T>): Promise<T> {
  const { execa } = await import('execa');
  const { mkdtempSync } = await import('node:fs');
  const tmp = mkdtempSync(join(pacoteScratch(cacheDir), 'clone-'));
  try {
    await execa('git', ['clone', '--quiet', '--no-checkout', `https://${key}.git`, tmp], { stdin: 'ignore' });
    await execa('git', ['-c', 'advice.detachedHead=false', 'checkout', '--quiet', sha], { cwd: tmp, stdin: 'ignore' });
    rmSync(join(tmp, '.git'), { recursive: true, force: true });
    return await use(tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The ssdp root of a cache folder (ROOT/cache when installing, ROOT/cache/metadata-v1 when resolving). */
function rootOfCache(cacheDir: string): string {
  const cache = basename(cacheDir) === 'metadata-v1' ? dirname(cacheDir) : cacheDir;
  return basename(cache) === 'cache' ? dirname(cache) : cache;
}

/** The folder a file: spec or pacote's resolved path names, if it is one. */
function folderOf(spec: string): string | undefined {
  if (!/^(file:|\/)/.test(spec)) return undefined;
  const path = spec.startsWith('file://') ? fileURLToPath(spec) : spec.replace(/^file:/, '');
  try {
    return statSync(path).isDirectory() ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Runs an allowed package folder's prepare script in the folder, as pacote's DirFetcher does for npm. */
async function prepareFolder(dir: string): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (!pkg.scripts?.prepare) return;
  const runScript = createRequire(createRequire(import.meta.url).resolve('pacote'))('@npmcli/run-script') as (o: Record<string, unknown>) => Promise<unknown>;
  try {
    await runScript({ pkg, event: 'prepare', path: dir, stdio: 'pipe' });
  } catch (e) {
    const err = e as { code?: unknown; stderr?: unknown; stdout?: unknown };
    const said = `${String(err.stderr ?? '')}\n${String(err.stdout ?? '')}`.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    throw new SsdpError('E_INSTALL_SCRIPT', `the prepare script of the package folder ${dir} failed (exit code ${String(err.code)}): ${said.slice(-3).join(' / ') || 'no output'}; nothing was changed`, {
      hint: `fix the prepare script (run npm run prepare in ${dir} to see all of it), or install without --allow-scripts to take the folder as it is`,
      cause: e,
    });
  }
}

/**
 * pacote downloads a GitHub/GitLab/Bitbucket commit as the host's archive (codeload) and falls
 * back to cloning only on an HTTP error. Where the host's archive server cannot be reached but
 * git can (a proxy or firewall that lets git through, a mirror set with git's url.insteadOf),
 * the commit (pacote's resolution of the ref, from its ls-remote) is cloned over https and its
 * folder packed the same way. `resolved` is pacote's: the commit for git.
 */
async function tarballOf(pacote: Pacote, spec: string, opts: Record<string, unknown>, cacheDir: string): Promise<Packed> {
  const dir = folderOf(spec);
  if (dir !== undefined) {
    if (opts.ignoreScripts === false) await prepareFolder(dir);
    return (await import('./pack-folder.js')).packFolder(dir, rootOfCache(cacheDir));
  }
  try {
    return await pacote.tarball(spec, opts);
  } catch (e) {
    const key = hostedKey(spec.replace(/^(@[^/@]+\/)?[^/@:]+@(?=\S)/, ''));
    if (!key || !unreachable(e)) throw e;
    // No git run for a spec naming a full commit; otherwise ls-remote's answer, which @npmcli/git keeps.
    const resolved = await pacote.resolve(spec, opts);
    const sha = resolved.match(/#([0-9a-f]{40,64})(::path:.*)?$/)?.[1];
    if (!sha) throw e;
    const data = await withClone(key, sha, cacheDir, (dir) => pacote.tarball(`file:${join(dir, gitSubdir(spec) ?? '')}`, opts));
    return Object.assign(data, { resolved });
  }
}

/**
 * A git spec fetched once: pacote resolves the ref (one ls-remote), clones that commit and packs
 * it as the commit holds it (no scripts: opts.ignoreScripts), and the manifest is read from the
 * packed bytes, as pacote itself reads a hosted commit's manifest from the host's archive. Asking
 * pacote for the manifest first cloned the same commit twice (each clone with its git submodule
 * run) for every git spec. A package npm would prepare is packed again by the caller, prepared.
 */
async function gitPacked(pacote: Pacote, spec: string, opts: Record<string, unknown>, cacheDir: string): Promise<{ data: Packed; manifest: Awaited<ReturnType<Pacote['manifest']>> }> {
  const data = await tarballOf(pacote, spec, opts, cacheDir);
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const tmp = mkdtempSync(join(pacoteScratch(cacheDir), 'git-'));
  try {
    writeFileSync(join(tmp, 'package.tgz'), data);
    const m = await pacote.manifest(`file:${join(tmp, 'package.tgz')}`, opts);
    // A git commit has no published hash (npm records none in the manifest either): the caller
    // takes the packed bytes' own.
    return { data, manifest: { ...m, _resolved: data.resolved!, _from: spec, _integrity: undefined as unknown as string } };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A tarball URL (not a git repository written as an https URL), as npm reads the spec. */
function isTarballUrl(source: string): boolean {
  return /^https?:\/\//i.test(source) && !isGitSpec(source);
}

/**
 * A tarball URL's manifest, read from the tarball downloaded the way registry tarballs are
 * (store/fetch-tarball: SSDP_FETCH_TIMEOUT stall timeout, SSDP_FETCH_RETRIES retries with
 * backoff and Retry-After, Range resume of a cut body), not through pacote's fetch, which
 * tried twice and never timed out a stalled body. The integrity is that of the bytes received.
 */
async function urlManifest(pacote: Pacote, spec: string, url: string, opts: Record<string, unknown>, cacheDir: string): Promise<Awaited<ReturnType<Pacote['manifest']>>> {
  const { openTarball } = await import('../store/fetch-tarball.js');
  const { createHash } = await import('node:crypto');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const tmp = mkdtempSync(join(pacoteScratch(cacheDir), 'url-'));
  try {
    let body: Awaited<ReturnType<typeof openTarball>>;
    const chunks: Uint8Array[] = [];
    try {
      body = await openTarball(url, 'the tarball');
      for await (const c of body) chunks.push(c);
    } catch (e) {
      throw downloadError(spec, e);
    }
    const data = Buffer.concat(chunks);
    refuseOtherCompression(data, spec, url);
    const file = join(tmp, 'package.tgz');
    writeFileSync(file, data);
    let m: Awaited<ReturnType<Pacote['manifest']>>;
    try {
      m = await pacote.manifest(`file:${file}`, opts);
    } catch (e) {
      const type = body.contentType ? ` (the server called it ${body.contentType.split(';')[0]})` : '';
      throw new SsdpError('E_SOURCE_UNAVAILABLE', `cannot fetch '${spec}': what the server sent${type} is not a package tarball with a package.json: ${(e as Error).message.replace(file, 'the download').split('\n')[0]}; nothing was changed`, {
        hint: 'check the URL: it must name a .tgz of an npm package (npm pack makes one), not a web page or a login page',
        cause: e,
      });
    }
    return { ...m, _resolved: url, _integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`, _from: spec };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** E_BAD_ARCHIVE for a tarball (`where`: its URL or path) compressed with zstd, bzip2, xz or zip. */
function refuseOtherCompression(head: Uint8Array, spec: string, where: string): void {
  const kind = otherCompression(head);
  if (kind === undefined) return;
  throw new SsdpError('E_BAD_ARCHIVE', `cannot install '${spec}': ${where} is a ${kind} file, not a gzipped tarball; nothing was changed`, { hint: RECOMPRESS_HINT });
}

/** The path a file: source names (`file:/abs`, `file:///abs`, or a bare path), or undefined for any other source. */
export function localSourcePath(source: string | undefined): string | undefined {
  if (source === undefined || !/^(file:|\/)/.test(source)) return undefined;
  try {
    return source.startsWith('file://') ? fileURLToPath(source) : source.replace(/^file:/, '');
  } catch {
    return undefined; // a file:// URL naming another host: pacote says what is wrong
  }
}

/** The same check for a file: spec (or a path) naming a file on this machine, before pacote reads it. */
function refuseLocalOtherCompression(spec: string, source: string): void {
  const path = localSourcePath(source);
  if (path === undefined) return;
  let head: Buffer;
  try {
    if (!statSync(path).isFile()) return;
    head = Buffer.alloc(8);
    const fd = openSync(path, 'r');
    try {
      head = head.subarray(0, readSync(fd, head, 0, 8, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return; // pacote says what is wrong with a path it cannot read
  }
  refuseOtherCompression(head, spec, path);
}

/** A failed download of a tarball URL, as a source error naming the spec. */
function downloadError(spec: string, e: unknown): SsdpError {
  if (!(e instanceof SsdpError)) return sourceError(spec, e);
  // These go the same way every time: their own hint, not the retry advice (s18 try13v V9).
  if (e.code === 'E_BAD_CONTENT_ENCODING' || e.code === 'E_REDIRECT_LOOP' || e.code === 'E_BAD_REDIRECT') return new SsdpError(e.code, `cannot fetch '${spec}': ${e.message.replace(/\.$/, '')}; nothing was changed`, { hint: e.hint, cause: e });
  const hint = e.code === 'E_TARBALL_NOT_FOUND'
    ? 'the server has no file at that URL; check the URL (a release asset or a registry tarball ends in .tgz)'
    : e.code === 'E_REGISTRY_STALLED'
      ? 'the server stopped sending the tarball; try again later, or on a slow link allow more time with SSDP_FETCH_TIMEOUT=SECONDS'
      : 'the server kept failing (SSDP_FETCH_RETRIES sets how often ssdp tries again); check the URL, or try again later';
  const detail = e.message.replace(/^(could not download|the registry has no tarball for) the tarball (from|at) \S+:? ?/, '').replace(/^the download of the tarball from \S+ /, '');
  return new SsdpError('E_SOURCE_UNAVAILABLE', `cannot fetch '${spec}': ${detail}; nothing was changed`, { hint, cause: e });
}

/**
 * A folder or tarball inside an ssdp env's lib/ (a package the env installed) is refused: the lock
 * would point into the env, so it could not recreate the env once that is gone or changed.
 */
function refuseInsideEnv(r: Request): void {
  if (!r.source!.startsWith('file:')) return;
  const path = pathResolve(r.source!.slice(5));
  let dir = path;
  for (;;) {
    const up = dirname(dir);
    if (up === dir) return;
    dir = up;
    // An ssdp root's own folders (its store, caches, locks) are ssdp's data, which clean and
    // every install change: no package's source. Its envs are taken up by the env check below.
    const part = path.slice(dir.length + 1).split('/')[0]!;
    if (['store', 'cache', 'locks'].includes(part) && statSync(join(dir, 'store', 'v1'), { throwIfNoEntry: false })?.isDirectory()) {
      throw new SsdpError('E_BAD_SOURCE_SPEC', `'${r.raw}' is inside the ssdp root at ${dir} (in its ${part}/ folder, which ssdp changes and cleans); a package is installed from its own folder or tarball`, {
        hint: 'install it by name (ssdp install NAME) or from the folder or tarball it came from',
      });
    }
    let env = false;
    try {
      env = statSync(join(dir, 'ssdp-meta')).isDirectory() && readdirSync(join(dir, 'ssdp-meta')).some((n) => ['env.json', 'lock.json', 'history'].includes(n));
    } catch {
      continue;
    }
    if (env) {
      // A user's own folder kept in the env's prefix is theirs; lib/ is the env's packages.
      if (!path.startsWith(join(dir, 'lib') + '/')) return;
      throw new SsdpError('E_BAD_SOURCE_SPEC', `'${r.raw}' is inside the ssdp env at ${dir}; a package is installed from its own folder or tarball, not from an env's copy, which the env's next change may replace`, {
        hint: 'install it by name (ssdp install NAME) or from the folder or tarball it came from; to use this copy, copy it out of the env first',
      });
    }
  }
}

/**
 * The name and version a source's package.json gives, checked as npm checks them, before they
 * become a folder name and a version range (a name like `../../evil` was reported as an unsafe
 * lock path, a version like `not-a-version` as a range nothing matches).
 */
function checkPackageJson(spec: string, m: { name?: unknown; version?: unknown }): void {
  // No "version" at all is what npm installs from a folder or git (a private monorepo package): 0.0.0 (util/package-version).
  const version = packageVersion(m.version);
  const why = typeof m.name !== 'string' || !isValidPackageName(m.name)
    ? `its package.json names it ${JSON.stringify(m.name)}, which is not a valid package name`
    : semver.valid(version) === null
      ? `its package.json gives the version ${JSON.stringify(m.version)}, which is not a semver version`
      : undefined;
  if (why) {
    throw new SsdpError('E_BAD_SOURCE_SPEC', `'${spec}' is not an installable package: ${why}; nothing was changed`, {
      hint: 'Fix the package.json of that package (a name npm accepts, a semver "version" or none at all), or point the spec at another one.',
    });
  }
  m.version = version;
}

/** What the lock records as the tarball: a file: URL for local specs, pacote's resolved otherwise. */
function lockedLocation(spec: string, resolved: string): string {
  if (!spec.startsWith('file:')) return resolved;
  const path = resolved.startsWith('file:') ? fileURLToPath(resolved.replace(/^file:(?!\/\/)/, 'file://')) : resolved;
  return pathToFileURL(path).href;
}

/** What a source spec's resolution takes from the resolver's options besides the positional ones. */
export type SourceOptions = Pick<ResolveOptions, 'onWarning' | 'offline' | 'dryRun'>;

export async function resolveOne(r: Request, cacheDir: string, registry: string, allowScripts: string[] = [], locked?: Map<string, Manifest>, extra: SourceOptions = {}): Promise<{ request: Request; packument: Packument }> {
  const spec = r.name !== r.source ? `${r.name}@${r.source}` : r.source!;
  const known = locked?.get(r.source!) ?? locked?.get(spec);
  if (known && (r.name === r.source || known.name === r.name || locked?.has(r.source!))) {
    // A commit the env's lock holds, with its package in the store: nothing to ask git or the host.
    // An aliased request keeps its alias as the folder, as when it was first resolved.
    const folder = r.name !== r.source ? r.name : known.name;
    return { request: { name: folder, range: known.version, raw: r.raw, source: r.source }, packument: { name: folder, 'dist-tags': { latest: known.version }, versions: { [known.version]: known } } };
  }
  if (extra.offline && (isTarballUrl(r.source!) || (isGitSpec(r.source!) && !/^git\+file:/i.test(r.source!)))) {
    // git+file: and folders are on this machine; a host or server is not asked under --offline.
    throw new SsdpError('E_OFFLINE_SOURCE', `'${r.raw}' is a ${isTarballUrl(r.source!) ? 'tarball URL' : 'git repository'} the env does not already hold, and --offline forbids fetching it; nothing was changed`, {
      hint: 'run without --offline to fetch it once; afterwards its env (or an export --lock of it) installs it offline from the store',
    });
  }
  refuseInsideEnv(r);
  const pacote = (await import('pacote')).default;
  const opts = { ...pacoteOptions(cacheDir), registry };
  let m: Awaited<ReturnType<typeof pacote.manifest>>;
  let integrity: string;
  const sub = gitSubdir(r.source!);
  try {
    refuseLocalOtherCompression(r.raw, r.source!);
    const git = isGitSpec(r.source!);
    let packed: Packed | undefined;
    if (isTarballUrl(r.source!)) m = await urlManifest(pacote, spec, r.source!, opts, cacheDir);
    else if (git) ({ manifest: m, data: packed } = await gitPacked(pacote, spec, opts, cacheDir));
    else m = await pacote.manifest(spec, opts);
    m._resolved = withGitSubdir(m._resolved, sub);
    integrity = m._integrity ?? '';
    const prepare = preparing(r.raw, git ? 'git' : folderOf(m._resolved) !== undefined ? 'folder' : undefined, m as { name: string; scripts?: Record<string, string> }, allowScripts);
    if (packed && !prepare) {
      // The commit as its clone holds it is what npm installs: the bytes already packed.
      integrity = packed.integrity;
      packedThisRun.set(lockedLocation(r.source!, m._resolved), packed);
    } else if (!integrity && prepare && extra.dryRun) {
      // Packing would run the package's own script: a dry run names it instead.
      extra.onWarning?.(`would run the prepare script of ${m.name} (${r.raw}) to pack it; a dry run runs no package's script`);
    } else if (!integrity) {
      // Folders and git commits have no published hash: pack them once and record what was packed.
      const prep = prepare ? prepareOptions(cacheDir, allowScripts) : undefined;
      const data = await tarballOf(pacote, m._resolved, { ...(prep?.opts ?? pacoteOptions(cacheDir)), registry }, cacheDir);
      for (const n of prep?.skipped() ?? []) {
        extra.onWarning?.(`skipped install script of ${n}, a dependency npm installs to prepare ${m.name} (allowing ${m.name} does not allow it); allow with --allow-scripts ${n}`);
      }
      integrity = data.integrity;
      packedThisRun.set(lockedLocation(r.source!, m._resolved), data);
    }
  } catch (e) {
    throw sourceError(r.raw, e, r.source);
  }
  checkPackageJson(r.raw, m);
  // `foo@URL` holding package urlpkg installs it as foo (its folder), as npm does: an alias.
  const folder = r.name !== r.source ? r.name : m.name;
  const keep: Manifest = {
    name: m.name,
    version: m.version,
    dist: { tarball: lockedLocation(r.source!, m._resolved), integrity },
  };
  const fields = m as unknown as Record<string, unknown>;
  for (const k of ['dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'bin', 'engines', 'os', 'cpu', 'libc'] as const) {
    if (fields[k] !== undefined) (keep as unknown as Record<string, unknown>)[k] = fields[k];
  }
  // Bundled dependencies come in the package's own tarball (npm never fetches them).
  const bundled = fields.bundleDependencies ?? fields.bundledDependencies;
  if (bundled === true || (Array.isArray(bundled) && bundled.length)) keep.bundleDependencies = bundled as string[] | boolean;
  if (m._resolved && needsPacking(keep.dist.tarball) && keep.dist.tarball.startsWith('file:')) keep.folder = fileURLToPath(keep.dist.tarball);
  const scripts = (fields.scripts ?? {}) as Record<string, string>;
  if (scripts.preinstall || scripts.install || scripts.postinstall) keep.hasInstallScript = true;
  return {
    request: { name: folder, range: m.version, raw: r.raw, source: r.source, ...(r.where ? { where: r.where } : {}) },
    packument: { name: folder, 'dist-tags': { latest: m.version }, versions: { [m.version]: keep } },
  };
}

/** Requests with a source replaced by name@version, and the packuments that pin those. */
export async function resolveSources(requests: Request[], cacheDir: string, registry: string, allowScripts: string[] = [], locked?: Map<string, Manifest>, extra: SourceOptions = {}): Promise<{ requests: Request[]; packuments: Map<string, Packument> }> {
  const packuments = new Map<string, Packument>();
  const out = await Promise.all(
    requests.map(async (r) => {
      if (!r.source) return r;
      if (!locked?.has(r.source)) refuseWorkspaceRoot(r);
      const got = await resolveOne(r, cacheDir, registry, allowScripts, locked, extra);
      packuments.set(got.request.name, got.packument);
      return got.request;
    }),
  );
  return { requests: out, packuments };
}

/**
 * A folder asked for by the user whose package.json has `workspaces` is a monorepo's root, and
 * the user wants its packages: an unaliased one is replaced by its workspace packages and its
 * root's dependencies before resolving (env/workspace-roots.ts), as npm install in that folder
 * installs them. One that reaches here was asked for under an alias (`x@./mono`), which names one
 * package: installed as a folder package, only the (usually private, empty) root would land in
 * the env, so it is refused, naming what to write. A dependency's `file:` folder is not checked:
 * npm ignores the workspaces of a dependency too.
 */
function refuseWorkspaceRoot(r: Request): void {
  if (!r.source!.startsWith('file:')) return;
  const dir = pathResolve(r.source!.slice(5));
  const file = join(dir, 'package.json');
  // no folder or no readable package.json: pacote's own error says so
  const globs = workspaceRootAt(dir)?.patterns;
  if (!globs) return;
  const folders = workspaceFolders(dir, globs);
  const rel = (f: string) => {
    const p = relativePath(process.cwd(), f);
    return p.startsWith('..') ? f : './' + p;
  };
  const shown = folders.slice(0, 6).map(rel).join(' ');
  throw new SsdpError('E_WORKSPACE_ROOT', `'${r.raw}' names the folder ${dir} under the alias ${r.name}, and that folder is an npm workspaces root (${file} lists "workspaces": ${JSON.stringify(globs)}): an alias names one package, and installed as one package only the root would land in the env, not ${folders.length ? `its ${folders.length} workspace package${folders.length === 1 ? '' : 's'}` : 'the workspace packages'}; nothing was changed`, {
    hint: `write the folder without an alias (ssdp install -n ENV ${rel(dir)}) to install its workspace packages and its root's dependencies, as npm install in that folder does${shown ? `, or name workspace folders: ${shown}${folders.length > 6 ? ' ...' : ''}` : ''}`,
  });
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
export async function packSource(resolved: string, cacheDir: string, what: string, allowScripts: string[] = []): Promise<AsyncIterable<Uint8Array>> {
  const pacote = (await import('pacote')).default;
  const spec = resolved.startsWith('file:') ? `file:${fileURLToPath(resolved)}` : resolved;
  try {
    // A git commit of a package allowed to run scripts is prepared again, as when it was locked
    // (pacote prepares only one that has such scripts); any other is packed as the commit holds it.
    const allowed = allowScripts.includes(what.replace(/@[^@]*$/, ''));
    const opts = resolved.startsWith('git+') && allowed ? prepareOptions(cacheDir, allowScripts).opts : pacoteOptions(cacheDir, allowed);
    const data = packedThisRun.get(resolved) ?? await tarballOf(pacote, spec, opts, cacheDir);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return (async function* () {
      yield bytes;
    })();
  } catch (e) {
    throw goneCommit(what, resolved, e) ?? sourceError(`${what} (${resolved})`, e);
  }
}

/**
 * A locked git commit the repository no longer holds (its branch force-pushed or its history
 * rewritten, then gc'd): said so, with how to take what the ref holds now, not git's "reference
 * is not a tree" with a hint about the URL and the network (tester s22 try13w C3). Undefined for
 * any other failure (an unreadable repository keeps that hint).
 */
function goneCommit(what: string, resolved: string, e: unknown): SsdpError | undefined {
  const sha = /^git\+.*#([0-9a-f]{40,64})(?:::path:[^#]*)?$/.exec(resolved)?.[1];
  if (!sha) return undefined;
  const detail = detailOf(e);
  if (!/reference is not a tree|not our ref|unadvertised object|bad object|unknown revision|did not match|not a valid (object|commit)|couldn't find remote ref|no such (remote ref|commit)|not a commit/i.test(detail)) return undefined;
  const name = what.replace(/@[^@]*$/, '') || what;
  return new SsdpError('E_SOURCE_UNAVAILABLE', `cannot fetch '${what}': the locked commit ${sha.slice(0, 12)} is no longer in the repository ${maskUrlCredentials(resolved.replace(/#.*$/, ''))} (its branch was force-pushed or its history rewritten since the lock was written; git said: ${detail}); nothing was changed`, {
    hint: `to take what the spec's ref holds now, create from the spec instead of the lock (ssdp env create -f SPEC), or in an env run ssdp update ${name}; to keep this exact commit, push it back to the repository (a tag on it keeps it from being gc'd)`,
    cause: e,
  });
}

const HOSTS: Record<string, string> = { github: 'github.com', gitlab: 'gitlab.com', bitbucket: 'bitbucket.org' };

/**
 * One repository however it is written: github:u/r, u/r, git+https://github.com/u/r.git and
 * pacote's resolved git+ssh://git@github.com/u/r.git all give `github.com/u/r`.
 */
function repositoryKey(spec: string): string | undefined {
  const s = scpGitSpec(spec.replace(/#.*$/, ''));
  const scp = SCP_GIT_URL.exec(s);
  if (scp) return `${scp[2]!.toLowerCase()}/${scp[4]!.replace(/^\/+/, '').replace(/\.git$/, '').replace(/\/+$/, '').toLowerCase()}`;
  const short = s.match(/^(?:(github|gitlab|bitbucket):)?([A-Za-z0-9][\w.-]*\/[\w.-]+?)(?:\.git)?$/);
  if (short && !s.includes('://')) return `${HOSTS[short[1] ?? 'github']}/${short[2]}`.toLowerCase();
  if (!/^(git\+[a-z]+:|git:)/.test(s) && !HOSTED_GIT_URL.test(s)) return undefined;
  try {
    const u = new URL(s.replace(/^git\+/, ''));
    const path = decodeURIComponent(u.pathname).replace(/\.git$/, '').replace(/\/+$/, '');
    return u.protocol === 'file:' ? `file:${path}` : `${u.hostname.toLowerCase()}${path.toLowerCase()}`;
  } catch {
    return undefined;
  }
}

/**
 * One package of a repository however it is written: the repository's key (repositoryKey), with
 * the `::path:DIR` folder of a package in a subfolder (`github.com/u/r::path:packages/a`). Two
 * packages of one repository are two packages: keyed by the repository alone, an install kept
 * the subfolder package at the top package's commit (its folder then held the top package) and a
 * remove of one removed both (tester s18 try13v V10, V1).
 */
export function repoKey(spec: string): string | undefined {
  const repo = repositoryKey(spec);
  if (repo === undefined) return undefined;
  const hash = spec.indexOf('#');
  const part = hash < 0 ? undefined : spec.slice(hash + 1).split('::').find((p) => p.startsWith('path:'));
  const dir = part?.slice(5).split('/').filter((p) => p && p !== '.').join('/');
  return dir ? `${repo}::path:${dir}` : repo;
}

/**
 * Whether a lock's `resolved` is what one of the given source specs names (the requests, or a
 * package's own dependency specs): the same file: path or URL, or the same git repository (the
 * commit after `#` is what pacote resolved the ref to).
 */
export function namedBySource(resolved: string, sources: string[]): boolean {
  const key = repoKey(resolved);
  for (const s of sources) {
    const whole = scpGitSpec(s.trim());
    const spec = whole !== s.trim() ? whole : scpGitSpec(s.trim().replace(/^(@[^/@]+\/)?[^/@:#]+@(?=\S)/, ''));
    if (spec.startsWith('file:')) {
      if (resolved === pathToFileURL(spec.slice(5)).href) return true;
    } else if (isGitSpec(spec)) {
      if (key !== undefined && key === repoKey(spec)) return true;
    } else if (resolved === spec) return true;
  }
  return false;
}

/**
 * The folders a lock's folder packages name with relative file: dependencies (a monorepo
 * sibling, `"b": "file:../b"`), made absolute against each package's own folder as the
 * resolver did, so a lock naming ./a also names the ../b that ./a depends on.
 */
export function folderDependencySources(p: { resolved: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }): string[] {
  if (!p.resolved.startsWith('file:') || !needsPacking(p.resolved)) return [];
  const dir = fileURLToPath(p.resolved);
  const out: string[] = [];
  for (const spec of Object.values({ ...p.dependencies, ...p.optionalDependencies })) {
    const path = spec.trim().replace(/^file:/, '');
    if (/^(file:|\.\.?\/|\/)/.test(spec.trim()) && !path.startsWith('//')) out.push(`file:${pathResolve(dir, path)}`);
  }
  return out;
}

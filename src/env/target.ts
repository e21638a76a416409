/**
 * Which env a command means (-n NAME under the root, -p PATH anywhere, else the active one) and
 * the list of known envs: every folder under ROOT/envs plus the -p prefixes recorded in
 * ROOT/environments.txt (conda keeps the same kind of list in ~/.conda/environments.txt).
 */
import { notAFolder, notAFolderError } from '../util/not-a-folder.js';
import { describeNonFolder, pathKind } from '../util/path-kind.js';
import { joinRaw, rawNames, shownName, type RawPath } from '../util/raw-names.js';
import { NAME_MAX, PATH_MAX, shortPath } from '../util/path-too-long.js';
import { existsSync, lstatSync, readlinkSync, readdirSync, readFileSync, writeFileSync, renameSync, appendFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { regularFileAt } from '../util/replace-guard.js';
import { expandHome } from '../util/home-path.js';
import { shellWord } from '../shell/dialects.js';
import { sha256Hex } from '../util/light-hash.js';
import { damagedEnv, ENV_STATE_FILE, isValidEnvName, LOCK_FILE, leftoverStem, META_DIR, prefixLayout, readEnvState, rootLayout, type EnvState } from './prefix.js';
import { hasLeftovers, repairInterruptedSwap, interruptedSwaps } from './swap.js';
import { requireCurrentLock } from './current.js';
import { readRevisions, revisionFileName } from './revisions.js';
import { makeFoldersSync } from '../util/make-folders.js';

export interface EnvTarget {
  root: string;
  prefix: string;
  /** Name under the root, or the basename of a -p prefix. */
  name: string;
  /** True when given by -n (lives under ROOT/envs). */
  named: boolean;
}

export interface TargetArgs {
  name?: string;
  prefix?: string;
}

/** `fromCommandLine`: the name was given with -n, so a bad one is a command-line mistake (exit 2). */
export function checkEnvName(name: string, fromCommandLine = false): void {
  if (!isValidEnvName(name)) {
    throw new SsdpError('E_BAD_ENV_NAME', `'${name}' is not a valid env name.`, {
      hint: 'Use letters, digits, _, - and . (not starting with . or -), at most 100 characters; or give a path with -p.',
      ...(fromCommandLine ? { exitCode: 2 } : {}),
    });
  }
}

/** Resolves -n/-p (or a fallback name, e.g. from a spec file; or the active env). */
export function resolveTarget(root: string, args: TargetArgs, fallbackName?: string, useActive = false): EnvTarget {
  if (args.name !== undefined && args.prefix !== undefined) {
    throw new SsdpError('E_BAD_ARGS', 'give either -n NAME or -p PATH, not both.');
  }
  if (args.prefix !== undefined) {
    const prefix = realPrefix(expandHome(args.prefix));
    return { root, prefix, name: basename(prefix), named: false };
  }
  const name = args.name ?? fallbackName;
  if (name !== undefined) {
    checkEnvName(name, args.name !== undefined);
    const inRoot = join(rootLayout(root).envs, name);
    // ROOT/envs/NAME a link: changed where it points, and the link stays a link (as for -p);
    // a link to nothing is said as for -p, not "no env named NAME".
    const prefix = isLink(inRoot) ? realPrefix(inRoot) : inRoot;
    return { root, prefix, name, named: true };
  }
  if (useActive && process.env.SSDP_PREFIX) {
    const prefix = resolve(process.env.SSDP_PREFIX);
    const named = resolve(join(rootLayout(root).envs, basename(prefix))) === prefix;
    return { root, prefix, name: basename(prefix), named };
  }
  if (useActive) throw new SsdpError('E_NO_ENV_GIVEN', 'no env given and none is active.', { hint: 'Name one with -n NAME or -p PATH, or activate one first.' });
  throw new SsdpError('E_NO_ENV_GIVEN', 'no env given.', { hint: 'Name it with -n NAME or -p PATH (a spec file can also give it a name: or prefix: line).' });
}

export { expandHome } from '../util/home-path.js';

/**
 * The folder a -p path really is: symlinks resolved (an env reached through a link is changed
 * where it lives, and the link stays a link), also for a prefix that does not exist yet
 * (its nearest existing parent is resolved). A file anywhere on the path is refused clearly.
 */
export function realPrefix(path: string): string {
  refuseOverlongNames(path);
  let head = path;
  const tail: string[] = [];
  for (;;) {
    const k = pathKind(head);
    if (k.is === 'folder') return join(realpathSync(head), ...tail.reverse());
    if (k.is === 'dangling-link') {
      // The env the link points to, caught between the two renames of a killed change (only its
      // trash folder is there): that is the env, and the command repairs it as for a direct path (S2).
      const to = resolve(dirname(head), k.target);
      if (interruptedSwaps(readdirSafe(dirname(to))).includes(leftoverStem(basename(to)))) return realPrefix(join(to, ...tail.reverse()));
    }
    // A dangling symlink: a new env would be renamed onto the link itself (ENOTDIR), or through it.
    if (k.is === 'link-loop' || k.is === 'dangling-link') throw badLink(head, path, `is ${describeNonFolder(k)}`);
    if (k.is === 'not-a-folder') {
      throw new SsdpError('E_PREFIX_NOT_A_FOLDER', `${head} is ${k.link === undefined ? k.what : describeNonFolder(k)}, not a folder, so ${path} cannot be an env.`, {
        hint: 'Give -p a folder path (an existing env, an empty folder or a new path); nothing was changed.',
      });
    }
    if (k.is === 'unreadable' && k.code !== 'ENOTDIR') throw k.error; // ENOTDIR: a file further up, found there
    const up = dirname(head);
    if (up === head) return path;
    tail.push(basename(head));
    head = up;
  }
}

/**
 * Room a -p path leaves below it for what ssdp itself puts there whatever the packages: the
 * staging folder beside it (.NAME.ssdp-staging-HEX-PID, up to ~35 bytes more than NAME) and
 * ssdp-meta/history/NNNN.json. A path within 64 bytes of PATH_MAX passed the check and then
 * failed with ENAMETOOLONG (try8j J2); deeper package files that still do not fit are
 * E_PATH_TOO_LONG naming the file (util/path-too-long).
 */
const OWN_ROOM = 64;

/** A -p path no file system can hold: E_BAD_PREFIX before anything, not ENAMETOOLONG from the first lstat (try8i I2). */
function refuseOverlongNames(path: string): void {
  const long = path.split('/').find((part) => Buffer.byteLength(part) > NAME_MAX);
  if (long === undefined && Buffer.byteLength(path) <= PATH_MAX - OWN_ROOM) return;
  const why = long !== undefined
    ? `its folder name '${long.slice(0, 24)}…' is ${Buffer.byteLength(long)} bytes long, and a file name may have at most ${NAME_MAX}`
    : `it is ${Buffer.byteLength(path)} bytes long, and an env's path may have at most ${PATH_MAX - OWN_ROOM} (a path may have ${PATH_MAX}; ssdp's own files below it need the rest)`;
  throw new SsdpError('E_BAD_PREFIX', `${shortPath(path)} cannot be an env: ${why}.`, {
    hint: `Give -p a shorter path (folder names of at most ${NAME_MAX} bytes); nothing was changed.`,
  });
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
  } catch {
    return false;
  }
}

function badLink(link: string, path: string, why: string): SsdpError {
  return new SsdpError('E_PREFIX_BAD_LINK', `${link}${link === path ? '' : ` (on the way to ${path})`} ${why}, so ssdp cannot tell which folder the env is.`, {
    hint: 'Point the link at an existing folder, or remove the link (rm, not rm -r) and run the command again; nothing was changed.',
  });
}

/** The lock every change of this env holds (see withEnvLock). */
export function envLockPath(t: Pick<EnvTarget, 'root' | 'prefix'>): string {
  const id = sha256Hex(t.prefix).slice(0, 20);
  return join(rootLayout(t.root).locks, `env-${id}.lock`);
}

/**
 * Whether the folder is an env, possibly a damaged one: its ssdp-meta holds ssdp's own state
 * (env.json, lock.json or history/). An empty or foreign ssdp-meta folder does not make a
 * project folder an env that `env remove` or `create --force` may delete.
 */
export function looksLikeEnv(prefix: RawPath, named = false): boolean {
  // A folder whose name is not UTF-8 (one envsWithin reached) is looked at by its bytes.
  const l = typeof prefix === 'string' ? prefixLayout(prefix) : rawPrefixLayout(prefix);
  // ROOT/envs/NAME is ssdp's own place: an ssdp-meta of any kind there (a file, a dangling link,
  // an emptied folder) is a damaged env to list, remove or replace, not a stranger's folder (E1).
  if (named && lstatSync(l.meta, { throwIfNoEntry: false }) !== undefined) return true;
  const there = (f: RawPath) => {
    try {
      return statSync(f, { throwIfNoEntry: false });
    } catch {
      return undefined; // ENOTDIR, ELOOP, EACCES: not an env we can act on
    }
  };
  if (!there(l.meta)?.isDirectory()) return false;
  return [l.stateFile, l.lockFile, l.history].some((f) => there(f) !== undefined);
}

/** The paths looksLikeEnv reads, by bytes. */
function rawPrefixLayout(prefix: Buffer): { meta: Buffer; stateFile: Buffer; lockFile: Buffer; history: Buffer } {
  const meta = joinRaw(prefix, META_DIR);
  return { meta, stateFile: joinRaw(meta, ENV_STATE_FILE), lockFile: joinRaw(meta, LOCK_FILE), history: joinRaw(meta, 'history') };
}

/** A few of the user's files (not ssdp's, not a package's) a removal of this env would delete. */
export function userFilesIn(prefix: string, max = 5): { shown: string[]; more: boolean } {
  const shown: string[] = [];
  let more = false;
  const skip = new Set(['ssdp-meta', 'lib', 'bin']);
  // Names as bytes: one that is not UTF-8 (J8) is still found, and shown with \xNN escapes.
  const walk = (dir: Buffer, rel: string): void => {
    let names: Buffer[];
    try {
      names = rawNames(dir).sort(Buffer.compare);
    } catch {
      return;
    }
    for (const b of names) {
      const n = shownName(b);
      const r = rel ? `${rel}/${n}` : n;
      if (!rel && skip.has(n)) continue;
      if (shown.length >= max) {
        more = true;
        return;
      }
      const full = joinRaw(dir, b);
      // A link is removed as a link: what it points to is not the env's, and is kept (N5).
      if (lstatSync(full, { throwIfNoEntry: false })?.isSymbolicLink()) shown.push(`${r} (a link to ${shownName(readlinkSync(full, { encoding: 'buffer' }))}; its target is kept)`);
      else if (statSync(full, { throwIfNoEntry: false })?.isDirectory() && r !== 'ssdp-kept') walk(full, r);
      else shown.push(r);
    }
  };
  walk(Buffer.from(prefix), '');
  return { shown, more };
}

/** env.json of an env that must exist; a crash between the two renames of a swap is repaired first. */
export function requireEnv(t: EnvTarget): EnvState {
  repairInterruptedSwap(t.prefix, envLockPath(t));
  const state = readEnvState(t.prefix);
  // ssdp-meta holds ssdp's state but no env.json: a damaged env, said the same way everywhere.
  if (!state && looksLikeEnv(t.prefix, t.named)) throw damagedEnv(prefixLayout(t.prefix).stateFile, 'it is missing');
  if (!state) {
    throw new SsdpError('E_ENV_NOT_FOUND', `there is no env ${t.named ? `named '${t.name}'` : `at ${t.prefix}`}.`, {
      hint: existsSync(t.prefix) ? `${t.prefix} exists but is not an ssdp env.` : 'See: ssdp env list; create one with ssdp env create.',
    });
  }
  return state;
}

const registryFile = (root: string) => join(root, 'environments.txt');

/**
 * A recorded -p prefix that is not there (nothing, a link to nothing, unreadable): listed as
 * missing, whatever holds it. Its parent being there proves nothing: an unmounted mount point is an
 * empty folder (the tester's s15 G2: `-p /data/env` with /data a mount was hidden and its packages
 * pruned). Only `env remove -p` forgets it, as conda lists every env its environments.txt records.
 */
export function onMissingDisk(prefix: string): boolean {
  const k = pathKind(prefix).is;
  return k === 'dangling-link' || k === 'nothing' || k === 'unreadable';
}

/** Why a missing env is not there, as far as can be told, and what to do; `forget` is the env remove command. */
export function missingNote(e: { prefix: string; linkTo?: string }, forget: string): string {
  if (e.linkTo !== undefined) return `missing: the link points at nothing; on a disk not mounted now? Mount it again, or remove the name with ${forget}`;
  const parent = dirname(e.prefix);
  const up = pathKind(parent).is;
  if (up !== 'folder') return `missing: the folder is not there; on a disk not mounted now? Mount it again, or forget the env with ${forget}`;
  const empty = readdirSafe(parent).length === 0;
  return empty
    ? `missing: the folder is not there and ${shellWord(parent)} is empty; a disk not mounted there now? Mount it again, or forget the env with ${forget}`
    : `missing: the folder is not there (moved, deleted, or on a disk not mounted now?); put it back, or forget the env with ${forget}`;
}

/** The -p prefixes recorded in ROOT/environments.txt (some may no longer be envs). */
export function readRegistered(root: string): string[] {
  const file = registryFile(root);
  // A record that is there but cannot be read is no empty list: env list would hide the -p envs
  // and clean would prune their packages from the store (B6). A FIFO would block the read.
  const refuse = (why: string) =>
    new SsdpError('E_NOT_A_FILE', `${file}, the record of the envs made with -p, cannot be read: ${why}. Without it ssdp cannot see those envs, so nothing was listed, pruned or changed.`, {
      hint: `Put the file back (one env path a line), or move what is there aside (mv ${file} ${file}.bak) if you have no -p envs; then run the command again.`,
    });
  if (!regularFileAt(file, refuse)) return [];
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch (e) {
    throw refuse(`${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/**
 * Records an env's prefix so `env list` and `clean` know it even when its folder is out of reach:
 * every -p env, and every named env made in ROOT/envs (ROOT/envs may be a mount point or a link to
 * another disk; unmounted, it reads as an empty folder and every named env vanished from env list
 * while clean pruned their packages). A -n NAME that is a link to an env elsewhere is not recorded:
 * the link is listed, and its target is the user's. Idempotent.
 */
export function recordEnv(t: EnvTarget): void {
  if (!t.named || dirname(t.prefix) === rootLayout(t.root).envs) registerPrefix(t.root, t.prefix);
}

/** Undoes recordEnv (a failed create, a removed env). */
export function forgetEnv(t: EnvTarget): void {
  if (!t.named || dirname(t.prefix) === rootLayout(t.root).envs) unregisterPrefix(t.root, t.prefix);
}

/** Records a prefix (see recordEnv). Idempotent. */
export function registerPrefix(root: string, prefix: string): void {
  if (readRegistered(root).includes(prefix)) return;
  makeFoldersSync(root);
  appendFileSync(registryFile(root), prefix + '\n');
}

export function unregisterPrefix(root: string, prefix: string): void {
  // Also kept: a prefix with ssdp's folders next to it (a create under way registers first; a
  // killed one's or a set-aside folder is found by env list and clean through it).
  // And a prefix that is not there at all: an env on a disk not mounted now is forgotten only by
  // env remove -p naming it, never as a side effect of removing another.
  const kept = readRegistered(root).filter((p) => p !== prefix && (existsSync(prefixLayout(p).stateFile) || hasLeftovers(p) || onMissingDisk(p)));
  const tmp = `${registryFile(root)}.${process.pid}.tmp`;
  writeFileSync(tmp, kept.map((p) => p + '\n').join(''));
  renameSync(tmp, registryFile(root));
}

export interface EnvListing {
  name: string;
  prefix: string;
  active: boolean;
  node?: string;
  revision: number;
  /** Set when ssdp-meta cannot be read: why. `env remove` still removes such an env. */
  damaged?: string;
  /** Revisions whose history file cannot be read: the env works, but cannot go back to them. */
  damagedRevisions?: number[];
  /** The prefix is a symlink (ROOT/envs/NAME -> elsewhere): what it says, as readlink gives it. */
  linkTo?: string;
  /**
   * A registered -p env whose folder is not there (a disk not mounted now, or deleted by hand), or
   * a ROOT/envs link to nothing (linkTo set): listed, not dropped silently; `env remove -p PATH`
   * (`-n NAME` for the link) forgets it.
   */
  missing?: true;
  /** For a missing env: the command that forgets it. */
  forget?: string;
}

/**
 * All envs under the root and registered -p prefixes, named ones first, each once. ROOT/envs
 * that is not a folder is E_NOT_A_FOLDER (clean must not judge the store without it), except
 * that `env list` passes `envsLinkGone`: a ROOT/envs link to nothing (a disk not mounted) is then
 * said through it, and the recorded envs are listed (those in ROOT/envs as missing), as for an
 * empty mount point.
 */
export function listEnvs(root: string, envsLinkGone?: (warning: string) => void): EnvListing[] {
  const active = process.env.SSDP_PREFIX ? resolve(process.env.SSDP_PREFIX) : undefined;
  const out: EnvListing[] = [];
  const seen = new Set<string>();
  const envsDir = rootLayout(root).envs;
  let recorded = new Set<string>(); // read below, after ROOT/envs (whose error comes first)
  const add = (prefix: string, name: string, named: boolean) => {
    if (seen.has(prefix)) return;
    // A plain file in ROOT/envs, or a registered -p env since replaced by a file: not an env.
    let isFolder = false;
    try {
      isFolder = statSync(prefix, { throwIfNoEntry: false })?.isDirectory() ?? false;
    } catch {
      isFolder = false;
    }
    if (!isFolder && !interruptedSwaps(readdirSafe(dirname(prefix))).includes(leftoverStem(basename(prefix)))) {
      // A recorded -p env, or a ROOT/envs link, whose folder is not there: listed, never hidden
      // (s15 G2, G9). A killed create's prefix with its staging folder beside it is named as a leftover.
      const kind = pathKind(prefix).is;
      const inEnvs = dirname(prefix) === envsDir;
      const link = kind === 'dangling-link' && inEnvs ? { linkTo: readlinkSync(prefix) } : {};
      const missing = (inEnvs && kind === 'dangling-link') || (recorded.has(prefix) && onMissingDisk(prefix) && !hasLeftovers(prefix));
      if (missing) {
        seen.add(prefix);
        const forget = inEnvs ? `ssdp env remove -n ${shellWord(name)}` : `ssdp env remove -p ${shellWord(prefix)}`;
        out.push({ name, prefix, active: prefix === active, revision: -1, missing: true, forget, ...link });
      }
      return;
    }
    repairInterruptedSwap(prefix, envLockPath({ root, prefix }));
    let state: EnvState | undefined;
    let damaged: string | undefined;
    try {
      state = readEnvState(prefix);
      if (state) requireCurrentLock(prefix);
    } catch (e) {
      damaged = (e as Error).message;
    }
    if (!state && !damaged) {
      if (!looksLikeEnv(prefix, named)) return;
      const meta = prefixLayout(prefix).meta;
      damaged = statSync(meta, { throwIfNoEntry: false })?.isDirectory() ? `${prefixLayout(prefix).stateFile} is missing` : `${meta} is not a folder`;
    }
    seen.add(prefix);
    const linkTo = isLink(prefix) ? readlinkSync(prefix) : undefined;
    const link = linkTo !== undefined ? { linkTo } : {};
    if (!state || damaged) {
      out.push({ name, prefix, active: prefix === active, revision: state?.revision ?? -1, damaged, ...link });
      return;
    }
    const damagedRevisions = readRevisions(prefix).flatMap((r) => ('damaged' in r && r.damaged ? [r.revision] : []));
    out.push({ name, prefix, active: prefix === active, node: state.node, revision: state.revision, ...(damagedRevisions.length ? { damagedRevisions } : {}), ...link });
  };
  let names: string[] = [];
  try {
    names = readdirSync(envsDir);
  } catch (e) {
    // No envs yet only when there is nothing there. A file, a link to an unmounted disk or an
    // unreadable folder hides envs that exist: clean would drop their packages (the s13 F1).
    const what = (e as NodeJS.ErrnoException).code === 'ENOENT' ? notAFolder(envsDir) : (notAFolder(envsDir) ?? `unreadable (${(e as NodeJS.ErrnoException).code})`);
    if (what && envsLinkGone && pathKind(envsDir).is === 'dangling-link') {
      envsLinkGone(
        `${envsDir} (the folder of named envs) is a link to ${readlinkSync(envsDir)}, which is not there (a disk not mounted now?): the envs ssdp recorded are listed, the named ones as missing. ` +
          'Mount that disk again (ssdp clean removes nothing while it cannot see the envs).',
      );
    } else if (what) throw notAFolderError(envsDir, what, 'the folder of named envs', 'nothing was changed, and ssdp clean removes nothing while it cannot see the envs');
  }
  // An env caught between the two renames of a swap shows only as its trash folder.
  const live = names.filter((n) => !n.startsWith('.'));
  const names2 = [...new Set([...live, ...interruptedSwaps(names)])].sort();
  for (const n of names2) add(join(envsDir, n), n, true);
  recorded = new Set(readRegistered(root));
  // Recorded envs not found above: -p envs, and named ones ROOT/envs no longer shows (unmounted).
  const inEnvs = (p: string) => dirname(p) === envsDir;
  for (const p of [...recorded].sort((x, y) => Number(inEnvs(y)) - Number(inEnvs(x)))) add(p, basename(p), inEnvs(p));
  return out;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function formatEnvList(envs: EnvListing[]): string {
  if (envs.length === 0) return '# no environments yet; create one with ssdp env create';
  // Names and paths as ls shows them (a space, quote or newline in one is quoted), so each line is one env.
  const names = envs.map((e) => shellWord(e.name));
  const width = Math.max(...names.map((n) => n.length), 4);
  const where = (e: EnvListing) => shellWord(e.prefix) + (e.linkTo !== undefined ? ` -> ${shellWord(e.linkTo)}` : '');
  const missing = (e: EnvListing) => (e.missing ? `  (${missingNote(e, e.forget ?? `ssdp env remove -p ${shellWord(e.prefix)}`)})` : '');
  return ['# ssdp environments:', '#', ...envs.map((e, i) => `${names[i]!.padEnd(width)}  ${e.active ? '*' : ' '}  ${where(e)}${e.damaged ? `  (damaged: ${e.damaged.replace(/\s+/g, ' ').replace(/\.$/, '')}; remove it with ssdp env remove)` : ''}${missing(e)}${historyNote(e)}`)].join('\n');
}

/** An env whose history is partly unreadable works, but `--revision N` of those cannot: said in the listing. */
function historyNote(e: EnvListing): string {
  const d = e.damagedRevisions;
  if (!d?.length) return '';
  const files = d.map((n) => join('ssdp-meta/history', revisionFileName(n)));
  return `  (damaged history: revision${d.length > 1 ? 's' : ''} ${d.join(', ')} unreadable (${files.join(', ')}); the env works, but cannot go back to ${d.length > 1 ? 'them' : 'it'}; see: ssdp list --revisions)`;
}

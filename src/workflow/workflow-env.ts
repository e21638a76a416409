/**
 * The env a workflow runs in, made ready the way pixi does it: created when missing, updated
 * when its spec file changed since the last run, left alone otherwise (no registry traffic).
 * Like pixi's, it belongs to the project: it is named NAME-HASH (the spec's name and a hash of
 * the project folder), since an update --prune to the spec would strip an env of the bare name
 * that the user made by hand, and two projects whose specs share a name would take turns pruning
 * each other's packages.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { SsdpError } from '../util/errors.js';
import type { Reporter } from '../util/reporter.js';
import { damagedEnv, prefixLayout, readEnvState, resolveRoot } from '../env/prefix.js';
import { requireCurrentLock } from '../env/current.js';
import { diffLocks, readRevision } from '../env/revisions.js';
import type { Lockfile } from '../resolve/types.js';
import type { WorkflowSpec } from './types.js';
import { readRegularFile } from '../util/read-regular.js';

export interface WorkflowEnv {
  name: string;
  prefix: string;
  /** The env's own node when it pins one, else the node running ssdp. */
  node: string;
  env: NodeJS.ProcessEnv;
  /** workflowEnvIdentity of the env as it is now: part of each step's fingerprint. */
  identity: string;
}

/**
 * What makes an env's steps compute what they compute, as a short hash: each package (where it
 * is, name, version, tarball integrity), the pinned node, and which install scripts were allowed
 * to build in it. Not the request text or the registry's address: rewriting `^1` as `1.x`, or a
 * mirror of the same tarballs, gives the same packages, and steps do not run again for that
 * (as Snakemake's software-env trigger, which hashes the env's content, not its file's spelling).
 */
export function workflowEnvIdentity(prefix: string): string {
  let lock: unknown = {};
  try {
    lock = JSON.parse(readRegularFile(prefixLayout(prefix).lockFile)) ?? {};
  } catch {
    /* an env without packages has no lock: its identity is that of an empty one */
  }
  return identityOf(lock, readEnvState(prefix)?.allowScripts);
}

type LockLike = { packages?: { path?: string; name?: string; version?: string; integrity?: string; hasInstallScript?: boolean }[]; node?: { version?: string; integrity?: string } };

/** workflowEnvIdentity of a lock and allowScripts list (an env's, or one of its recorded revisions'). */
function identityOf(lockIn: unknown, allowScripts: string[] | undefined): string {
  const lock = (lockIn ?? {}) as LockLike;
  const allowed = new Set(allowScripts ?? []);
  const packages = (Array.isArray(lock.packages) ? lock.packages : [])
    .map((p) => [p.path, p.name, p.version, p.integrity, p.hasInstallScript && allowed.has(p.name ?? '') ? 'built' : ''])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const node = lock.node ? [lock.node.version, lock.node.integrity] : null;
  return createHash('sha256').update(JSON.stringify({ packages, node })).digest('hex').slice(0, 16);
}

/**
 * The project's env as the last run left it, read without touching the registry (a dry run's
 * view): its identity, or undefined when it does not exist yet; `specChanged` when the env spec
 * was edited since, so a real run updates the env first; `changedByHand` when the env's packages
 * are no longer what the spec gave at the last run (ssdp install/remove -n NAME-HASH), so a real
 * run brings it back first: `identity` is then the one it is brought back to.
 */
export function lastWorkflowEnv(spec: WorkflowSpec): { identity?: string; specChanged: boolean; changedByHand?: string; damaged?: string } {
  const stamp = readEnvStamp(join(spec.root, '.ssdp', 'env-stamp.json'));
  let hash: string | undefined;
  try {
    hash = createHash('sha256').update(readFileSync(resolve(spec.root, spec.env!), 'utf8')).digest('hex');
  } catch {
    /* said by prepareWorkflowEnv when the run gets there */
  }
  const damage = stamp.prefix ? damageOf(stamp.prefix) : undefined;
  if (damage) {
    // planned against what the rebuild gives: the env the spec gave at the last run, when the spec is unchanged
    return { identity: stamp.hash === hash ? stamp.identity : undefined, specChanged: false, damaged: `env ${basename(stamp.prefix!)} (this project's) is damaged: ${damage.message} A real run recreates it from ${spec.env} first (files you put in the env are kept); steps that ran in it run again only if its packages change` };
  }
  let identity: string | undefined;
  try {
    if (stamp.prefix && readEnvState(stamp.prefix) !== undefined) identity = workflowEnvIdentity(stamp.prefix);
  } catch {
    /* a damaged env is repaired by the run's update: not known until then */
  }
  const specChanged = identity === undefined || stamp.hash !== hash;
  if (!specChanged && stamp.identity !== undefined && identity !== stamp.identity) {
    return { identity: stamp.identity, specChanged, changedByHand: `env ${basename(stamp.prefix!)} was changed by hand since the last run${handChanges(stamp.prefix!, stamp.revision)}: a real run brings it back to what ${spec.env} gave first (write a change in ${spec.env} to keep it)` };
  }
  return { identity, specChanged };
}

/**
 * ` (+gamma 1.0.0, -beta 1.0.0, alpha 1.1.0 -> 1.0.0)`: what was done to the env since its
 * revision `revision` (the one the spec gave at the last run), or '' when that is not known.
 */
function handChanges(prefix: string, revision: number | undefined): string {
  try {
    if (revision === undefined) return '';
    const before = readRevision(prefix, revision).lock;
    const now = JSON.parse(readRegularFile(prefixLayout(prefix).lockFile)) as Lockfile;
    const d = diffLocks(before, now);
    const all = [...d.added.map((c) => `+${c.path} ${c.to}`), ...d.removed.map((c) => `-${c.path} ${c.from}`), ...d.changed.map((c) => `${c.path} ${c.from} -> ${c.to}`)];
    if (all.length === 0) return ' (install scripts allowed otherwise)';
    return ` (${all.slice(0, 4).join(', ')}${all.length > 4 ? `, and ${all.length - 4} more` : ''})`;
  } catch {
    return '';
  }
}

/**
 * The revision an env changed by hand is brought back to: the one the stamp recorded, when it
 * is still there and still gives the recorded identity; undefined when it is not (a history
 * edited or an env remade by hand: then the env is updated from the spec instead).
 */
function stampedRevision(prefix: string, stamp: EnvStamp): number | undefined {
  if (stamp.revision === undefined || stamp.identity === undefined) return undefined;
  try {
    const r = readRevision(prefix, stamp.revision);
    return identityOf(r.lock, r.state.allowScripts) === stamp.identity ? stamp.revision : undefined;
  } catch {
    return undefined;
  }
}

/** `radar` for /home/a/proj -> `radar-1f0c2a9b`: the same project folder gives the same name. */
export function workflowEnvName(specName: string, projectRoot: string): string {
  let folder = projectRoot;
  try {
    folder = realpathSync(projectRoot);
  } catch {
    /* the project folder exists (its ssdp.yaml was read); keep the path as given if not */
  }
  // an env name has at most 100 characters: a spec name valid for env create -f (up to 100) is
  // shortened to leave room for the hash (C4), never handed back as a name the user cannot fix
  return `${specName.slice(0, 100 - 9)}-${createHash('sha256').update(folder).digest('hex').slice(0, 8)}`;
}

export async function prepareWorkflowEnv(
  spec: WorkflowSpec,
  opts: { root?: string; offline?: boolean; reporter: Reporter },
): Promise<WorkflowEnv> {
  const specFile = resolve(spec.root, spec.env!);
  let text: string;
  try {
    text = readFileSync(specFile, 'utf8');
  } catch (e) {
    throw new SsdpError('E_WORKFLOW_ENV', `${spec.file}: env '${spec.env}' names no readable file (${specFile}).`, {
      hint: `Write the env spec there (name: and dependencies:, as for ssdp env create -f), or fix the path after env: (taken from the folder of ${spec.file}).`,
      cause: e,
    });
  }
  // A lockfile (env export --lock) named no env: the hint said to add a YAML name: line to the
  // JSON, which parses neither way (tester s20 try8q Q7). Same test as parseSpecText's.
  if (/^\s*\{/.test(text) && /"lockfileVersion"/.test(text)) {
    throw new SsdpError('E_WORKFLOW_ENV', `${spec.file}: env '${spec.env}' is a lockfile (${specFile}); env: takes an env spec, the YAML with name: and dependencies: that ssdp env create -f reads.`, {
      hint: `Point env: at the spec the lock was made from (ssdp env export -n ENV > env.yaml writes one with every version pinned; before: DATE pins by date), and keep the lock for ssdp env create -f ${basename(specFile)} elsewhere.`,
    });
  }
  const env = await import('../env/index.js');
  const input = await env.parseSpecText(text, specFile);
  const specName = input.kind === 'spec' ? input.spec.name : undefined;
  if (!specName) {
    throw new SsdpError('E_WORKFLOW_ENV', `${specFile}: the env spec needs a 'name' for the workflow to run in.`, {
      hint: `Add a line such as name: ${JSON.stringify(basename(specFile).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_.-]/g, '-') || 'project')} to ${specFile}; the project's env is named after it.`,
    });
  }
  const name = workflowEnvName(specName, spec.root);
  const root = resolveRoot(opts.root);
  const { prefix } = env.resolveTarget(root, { name });
  const hash = createHash('sha256').update(text).digest('hex');
  const stampFile = join(spec.root, '.ssdp', 'env-stamp.json');
  const stamp = readEnvStamp(stampFile);
  let updated = false;
  // A damaged env (lock.json or env.json broken or gone, as ssdp list reports it) is rebuilt from
  // the spec, saying which file was damaged, as pixi re-installs an env that does not match its
  // lock; steps never run silently in it (tester s22 try8w W5: all re-ran as "env changed").
  const damage = damageOf(prefix);
  if (damage) {
    opts.reporter.warn(`env ${name} (this project's) is damaged: ${damage.message} Recreating it from ${spec.env} (files you put in the env are kept); steps that ran in it run again only if its packages change.`);
    await env.createEnv({ root, reporter: quiet(opts.reporter), name, file: specFile, force: true, offline: opts.offline, command: `ssdp env create -f ${spec.env} --force (for ${spec.file}: the env was damaged)` });
    updated = true;
  }
  const exists = readEnvState(prefix) !== undefined;
  // The env is the spec's, as pixi's is its lock's: one changed by hand since the last run (ssdp
  // install/remove -n NAME-HASH) is brought back to what the spec gave before anything runs in it
  // (tester s21 try8s S5: steps ran silently with a package removed or another version). Files the
  // user put in the env are kept, as by any change (issue 8 item 2).
  if (!updated && exists && stamp.prefix === prefix && stamp.identity !== undefined && workflowEnvIdentity(prefix) !== stamp.identity) {
    const revision = stampedRevision(prefix, stamp);
    const why = `env ${name} was changed by hand since the last run${handChanges(prefix, stamp.revision)}`;
    const keep = `write a change in ${spec.env} to keep it`;
    if (revision !== undefined) {
      opts.reporter.info(`${why}: bringing it back to what ${spec.env} gave (its revision ${revision}); ${keep}`);
      await env.rollback({ root, reporter: quiet(opts.reporter), name, revision, offline: opts.offline, command: `ssdp install --revision ${revision} (for ${spec.file}: the env was changed by hand)` });
    } else {
      opts.reporter.info(`${why}: bringing it back to ${spec.env} (updating it from the spec); ${keep}`);
      await env.updateFromSpec({ root, reporter: quiet(opts.reporter), name, file: specFile, prune: true, offline: opts.offline, command: `ssdp env update -f ${spec.env} --prune (for ${spec.file}: the env was changed by hand)` });
      updated = true;
    }
  }
  if (!updated && (!exists || stamp.prefix !== prefix || stamp.hash !== hash)) {
    // update -f --prune creates a missing env, so one call covers both cases.
    // Steps are fingerprinted by the env's packages too (workflowEnvIdentity): say so where the
    // env changes, as the next lines may run steps whose own definition did not change (s20 try8q Q8).
    opts.reporter.info(exists ? `updating env ${name} (this project's): ${spec.env} changed; steps that ran in the env run again if its packages change` : `creating env ${name} for this project from ${spec.env}`);
    await env.updateFromSpec({
      root,
      reporter: opts.reporter,
      name,
      file: specFile,
      prune: true,
      offline: opts.offline,
      command: `ssdp env update -f ${spec.env} --prune (for ${spec.file})`,
    });
  }
  // What the spec gave, recorded: the next run compares the env with it (see above).
  const identity = workflowEnvIdentity(prefix);
  mkdirSync(join(spec.root, '.ssdp'), { recursive: true });
  const record: EnvStamp = { prefix, hash, identity, revision: readEnvState(prefix)?.revision };
  writeFileSync(`${stampFile}.tmp`, JSON.stringify(record));
  renameSync(`${stampFile}.tmp`, stampFile);

  const envNode = join(prefixLayout(prefix).bin, 'node');
  return { name, prefix, node: existsSync(envNode) ? envNode : process.execPath, env: env.envProcessEnv(prefix, process.env), identity };
}

/**
 * E_ENV_CORRUPT of an env that is there (its ssdp-meta folder is) but whose env.json or lock.json
 * is missing or damaged, as ssdp list and install would say; undefined for a whole env or none.
 */
function damageOf(prefix: string): SsdpError | undefined {
  const layout = prefixLayout(prefix);
  if (!lstatSync(layout.meta, { throwIfNoEntry: false })) return undefined;
  try {
    if (readEnvState(prefix) === undefined) return damagedEnv(layout.stateFile, undefined);
    requireCurrentLock(prefix);
    return undefined;
  } catch (e) {
    if (e instanceof SsdpError && e.code === 'E_ENV_CORRUPT') return e;
    throw e;
  }
}

/**
 * The reporter for bringing a hand-changed env back: its one line says what happens, so the
 * change's own lines (the packages relinked) are left out; warnings still show.
 */
function quiet(reporter: Reporter): Reporter {
  return { ...reporter, info: () => {}, result: () => {} };
}

/** What the last run recorded of the project's env: where, from which spec text, and what the spec gave (identity, revision). */
interface EnvStamp {
  prefix?: string;
  hash?: string;
  identity?: string;
  revision?: number;
}

/** Which env the project last ran in, from which spec; a damaged record only means one more (idempotent) update. */
function readEnvStamp(file: string): EnvStamp {
  try {
    const s = JSON.parse(readRegularFile(file)) as Record<string, unknown> | null;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return { prefix: str(s?.prefix), hash: str(s?.hash), identity: str(s?.identity), revision: Number.isInteger(s?.revision) ? (s!.revision as number) : undefined };
  } catch {
    return {};
  }
}

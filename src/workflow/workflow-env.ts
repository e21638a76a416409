/**
 * The env a workflow runs in, made ready the way pixi does it: created when missing, updated
 * when its spec file changed since the last run, left alone otherwise (no registry traffic).
 * Like pixi's, it belongs to the project: it is named NAME-HASH (the spec's name and a hash of
 * the project folder), since an update --prune to the spec would strip an env of the bare name
 * that the user made by hand, and two projects whose specs share a name would take turns pruning
 * each other's packages.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { SsdpError } from '../util/errors.js';
import type { Reporter } from '../util/reporter.js';
import { prefixLayout, readEnvState, resolveRoot } from '../env/prefix.js';
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
  const layout = prefixLayout(prefix);
  let lock: { packages?: { path?: string; name?: string; version?: string; integrity?: string; hasInstallScript?: boolean }[]; node?: { version?: string; integrity?: string } } = {};
  try {
    lock = JSON.parse(readRegularFile(layout.lockFile)) ?? {};
  } catch {
    /* an env without packages has no lock: its identity is that of an empty one */
  }
  const allowed = new Set(readEnvState(prefix)?.allowScripts ?? []);
  const packages = (Array.isArray(lock.packages) ? lock.packages : [])
    .map((p) => [p.path, p.name, p.version, p.integrity, p.hasInstallScript && allowed.has(p.name ?? '') ? 'built' : ''])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const node = lock.node ? [lock.node.version, lock.node.integrity] : null;
  return createHash('sha256').update(JSON.stringify({ packages, node })).digest('hex').slice(0, 16);
}

/**
 * The project's env as the last run left it, read without touching the registry (a dry run's
 * view): its identity, or undefined when it does not exist yet; `specChanged` when the env spec
 * was edited since, so a real run updates the env first.
 */
export function lastWorkflowEnv(spec: WorkflowSpec): { identity?: string; specChanged: boolean } {
  const stamp = readEnvStamp(join(spec.root, '.ssdp', 'env-stamp.json'));
  let hash: string | undefined;
  try {
    hash = createHash('sha256').update(readFileSync(resolve(spec.root, spec.env!), 'utf8')).digest('hex');
  } catch {
    /* said by prepareWorkflowEnv when the run gets there */
  }
  let identity: string | undefined;
  try {
    if (stamp.prefix && readEnvState(stamp.prefix) !== undefined) identity = workflowEnvIdentity(stamp.prefix);
  } catch {
    /* a damaged env is repaired by the run's update: not known until then */
  }
  return { identity, specChanged: identity === undefined || stamp.hash !== hash };
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
  const exists = readEnvState(prefix) !== undefined;
  if (!exists || stamp.prefix !== prefix || stamp.hash !== hash) {
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
  mkdirSync(join(spec.root, '.ssdp'), { recursive: true });
  writeFileSync(`${stampFile}.tmp`, JSON.stringify({ prefix, hash }));
  renameSync(`${stampFile}.tmp`, stampFile);

  const envNode = join(prefixLayout(prefix).bin, 'node');
  return { name, prefix, node: existsSync(envNode) ? envNode : process.execPath, env: env.envProcessEnv(prefix, process.env), identity: workflowEnvIdentity(prefix) };
}

/** Which env the project last ran in, from which spec; a damaged record only means one more (idempotent) update. */
function readEnvStamp(file: string): { prefix?: string; hash?: string } {
  try {
    const s = JSON.parse(readRegularFile(file)) as { prefix?: unknown; hash?: unknown } | null;
    return { prefix: typeof s?.prefix === 'string' ? s.prefix : undefined, hash: typeof s?.hash === 'string' ? s.hash : undefined };
  } catch {
    return {};
  }
}

/**
 * The env a run's tasks need, on both ends of the broker. The submitter sends the env's place and
 * its lockfile (as `ssdp env export --lock` writes it, variables included); a worker uses that
 * place when it sees the same env there (SSDP_ROOT on a shared filesystem), else recreates the
 * env from the lockfile under its own root, named by the lock's hash so the next run with the
 * same lock finds it ready.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { SsdpError } from '../util/errors.js';
import type { RunMeta } from './protocol.js';
import { packageVersion } from '../util/package-version.js';

export type RunEnv = NonNullable<RunMeta['env']>;

/** How a worker starts the task processes of a run: pool key, node binary and environment. */
export interface ChildSetup {
  readonly key: string;
  readonly node?: string;
  readonly env?: NodeJS.ProcessEnv;
}

async function lockText(prefix: string): Promise<string> {
  const { readEnvState, requireCurrentLock, exportEnv } = await import('../env/index.js');
  const state = readEnvState(prefix);
  if (!state) throw new SsdpError('E_ENV_NOT_FOUND', `there is no ssdp env at ${prefix}.`, { hint: 'See: ssdp env list.' });
  return exportEnv(state, requireCurrentLock(prefix), 'lock');
}

const lockHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** The submitter's side: what a run tells its workers about the env at `prefix`. */
export async function describeRunEnv(prefix: string): Promise<RunEnv> {
  const { readEnvState, resolveRoot } = await import('../env/index.js');
  return { root: resolveRoot(), prefix, name: readEnvState(prefix)?.name, lock: await lockText(prefix) };
}

async function setupOf(prefix: string): Promise<ChildSetup> {
  const { envProcessEnv, prefixLayout } = await import('../env/index.js');
  const node = join(prefixLayout(prefix).bin, 'node');
  return { key: prefix, node: existsSync(node) ? node : undefined, env: envProcessEnv(prefix, process.env) };
}

/** The env at `prefix` holds exactly this lock (and variables). */
async function holds(prefix: string, text: string): Promise<boolean> {
  const { readEnvState } = await import('../env/index.js');
  if (!readEnvState(prefix)) return false;
  try {
    return lockHash(await lockText(prefix)) === lockHash(text);
  } catch {
    return false;
  }
}

/**
 * What is missing from a recreated env that holds the lock: a package folder (or its package.json
 * naming another version) or the pinned node. A disk clean-up or a copy cut short damages the
 * files, not the lock in ssdp-meta: such an env was reused as it was, and every run on the worker
 * failed with "cannot find the module" (try11t B9). Undefined when everything is there.
 */
async function damageOf(prefix: string): Promise<string | undefined> {
  const { requireCurrentLock, prefixLayout } = await import('../env/index.js');
  const { pinnedNodeFile } = await import('../env/node-shim.js');
  const layout = prefixLayout(prefix);
  let lock;
  try {
    lock = requireCurrentLock(prefix);
  } catch (e) {
    return `its lock cannot be read (${e instanceof Error ? e.message : String(e)})`;
  }
  const missing: string[] = [];
  for (const p of lock.packages) {
    try {
      const manifest = JSON.parse(readFileSync(join(layout.nodeModules, p.path, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name !== p.name || packageVersion(manifest.version) !== p.version) missing.push(`${p.name}@${p.version} (lib/node_modules/${p.path} holds ${manifest.name}@${manifest.version})`);
    } catch {
      missing.push(`${p.name}@${p.version} (lib/node_modules/${p.path})`);
    }
  }
  if (lock.node && !existsSync(pinnedNodeFile(prefix))) missing.push(`node ${lock.node.version} (${pinnedNodeFile(prefix).slice(prefix.length + 1)})`);
  if (missing.length === 0) return undefined;
  return `${missing.length} of its packages ${missing.length === 1 ? 'is' : 'are'} missing or changed: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}`;
}

/**
 * Recreations under way in this process, by lock hash (several runs may share one lock). Only
 * while under way: each run checks the env again (damageOf), a long-lived worker included.
 */
const making = new Map<string, Promise<ChildSetup>>();

export interface WorkerEnvOptions {
  /** The worker's root (default $SSDP_ROOT or ~/.ssdp). */
  root?: string;
  /** The env the worker was started in (-n/-p), used when it is the run's. */
  ownEnv?: string;
  offline?: boolean;
  log?: (line: string) => void;
}

const samePath = (a: string, b: string): boolean => {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
};

/**
 * The worker's side: the task-process setup for a run's env. The submitter's env itself when the
 * worker uses the same root (SSDP_ROOT shared) or was started in that env; else the env recreated
 * under the worker's own root, never touching another root's envs. Throws E_WORKER_ENV saying why
 * when it cannot be recreated (registry unreachable, package gone, disk full).
 */
export async function workerRunEnv(want: RunEnv, opts: WorkerEnvOptions = {}): Promise<ChildSetup> {
  if (!want.lock) throw new SsdpError('E_WORKER_ENV', `the run's env ${want.prefix} came without its lockfile.`, { hint: 'Submit the run again with a current ssdp.' });
  const { resolveRoot } = await import('../env/index.js');
  const shared = samePath(resolveRoot(opts.root), want.root) || (opts.ownEnv !== undefined && samePath(opts.ownEnv, want.prefix));
  if (shared && (await holds(want.prefix, want.lock))) return setupOf(want.prefix);
  const hash = lockHash(want.lock);
  let p = making.get(hash);
  if (!p) {
    p = recreate(want, want.lock, hash, opts);
    making.set(hash, p);
    const forget = (): void => void making.delete(hash);
    p.then(forget, forget);
  }
  return p;
}

async function recreate(want: RunEnv, text: string, hash: string, opts: WorkerEnvOptions): Promise<ChildSetup> {
  const envs = await import('../env/index.js');
  const root = envs.resolveRoot(opts.root);
  const name = `run-${hash}`;
  const { prefix } = envs.resolveTarget(root, { name });
  const label = `${want.name ?? want.prefix} (lock ${hash})`;
  if (await holds(prefix, text)) {
    const damage = await damageOf(prefix);
    if (!damage) return setupOf(prefix);
    opts.log?.(`ssdp worker: env ${prefix}, recreated earlier for ${label}, is damaged: ${damage}; recreating it`);
  }
  opts.log?.(`ssdp worker: recreating env ${label} from the run's lockfile as ${prefix}`);
  const dir = mkdtempSync(join(tmpdir(), 'ssdp-run-lock-'));
  const file = join(dir, 'lock.json');
  writeFileSync(file, text);
  const { createReporter } = await import('../util/reporter.js');
  const quiet = createReporter({ quiet: true });
  try {
    // An env left by a recreation that failed half-way (or another worker's in the same root) is replaced.
    await envs.createEnv({ root, reporter: quiet, name, file, force: existsSync(prefix), offline: opts.offline, command: `ssdp worker (env of a run, lock ${hash})` });
  } catch (e) {
    // another worker sharing this root may have made it meanwhile
    if ((await holds(prefix, text)) && !(await damageOf(prefix))) return setupOf(prefix);
    const why = e instanceof SsdpError ? `[${e.code}] ${e.message}` : e instanceof Error ? e.message : String(e);
    throw new SsdpError('E_WORKER_ENV', `could not recreate the run's env ${label} from its lockfile under ${root}: ${why}`, {
      hint: 'The worker needs the registry (or a store holding the packages) the submitter used; or put SSDP_ROOT on a filesystem every worker shares.',
      cause: e,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  opts.log?.(`ssdp worker: env ${label} ready`);
  return setupOf(prefix);
}

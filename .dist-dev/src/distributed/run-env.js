/**
 * The env a run's tasks need, on both ends of the broker. The submitter sends the env's place and
 * its lockfile (as `ssdp env export --lock` writes it, variables included); a worker uses that
 * place when it sees the same env there (SSDP_ROOT on a shared filesystem), else recreates the
 * env from the lockfile under its own root, named by the lock's hash so the next run with the
 * same lock finds it ready.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { SsdpError } from '../util/errors.js';
async function lockText(prefix) {
    const { readEnvState, requireCurrentLock, exportEnv } = await import('../env/index.js');
    const state = readEnvState(prefix);
    if (!state)
        throw new SsdpError('E_ENV_NOT_FOUND', `there is no ssdp env at ${prefix}.`, { hint: 'See: ssdp env list.' });
    return exportEnv(state, requireCurrentLock(prefix), 'lock');
}
const lockHash = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);
/** The submitter's side: what a run tells its workers about the env at `prefix`. */
export async function describeRunEnv(prefix) {
    const { readEnvState, resolveRoot } = await import('../env/index.js');
    return { root: resolveRoot(), prefix, name: readEnvState(prefix)?.name, lock: await lockText(prefix) };
}
async function setupOf(prefix) {
    const { envProcessEnv, prefixLayout } = await import('../env/index.js');
    const node = join(prefixLayout(prefix).bin, 'node');
    return { key: prefix, node: existsSync(node) ? node : undefined, env: envProcessEnv(prefix, process.env) };
}
/** The env at `prefix` holds exactly this lock (and variables). */
async function holds(prefix, text) {
    const { readEnvState } = await import('../env/index.js');
    if (!readEnvState(prefix))
        return false;
    try {
        return lockHash(await lockText(prefix)) === lockHash(text);
    }
    catch {
        return false;
    }
}
/** Recreations under way in this process, by lock hash (several runs may share one lock). */
const making = new Map();
const samePath = (a, b) => {
    try {
        return realpathSync(a) === realpathSync(b);
    }
    catch {
        return false;
    }
};
/**
 * The worker's side: the task-process setup for a run's env. The submitter's env itself when the
 * worker uses the same root (SSDP_ROOT shared) or was started in that env; else the env recreated
 * under the worker's own root, never touching another root's envs. Throws E_WORKER_ENV saying why
 * when it cannot be recreated (registry unreachable, package gone, disk full).
 */
export async function workerRunEnv(want, opts = {}) {
    if (!want.lock)
        throw new SsdpError('E_WORKER_ENV', `the run's env ${want.prefix} came without its lockfile.`, { hint: 'Submit the run again with a current ssdp.' });
    const { resolveRoot } = await import('../env/index.js');
    const shared = samePath(resolveRoot(opts.root), want.root) || (opts.ownEnv !== undefined && samePath(opts.ownEnv, want.prefix));
    if (shared && (await holds(want.prefix, want.lock)))
        return setupOf(want.prefix);
    const hash = lockHash(want.lock);
    let p = making.get(hash);
    if (!p) {
        p = recreate(want, want.lock, hash, opts);
        making.set(hash, p);
        p.catch(() => making.delete(hash));
    }
    return p;
}
async function recreate(want, text, hash, opts) {
    const envs = await import('../env/index.js');
    const root = envs.resolveRoot(opts.root);
    const name = `run-${hash}`;
    const { prefix } = envs.resolveTarget(root, { name });
    if (await holds(prefix, text))
        return setupOf(prefix);
    const label = `${want.name ?? want.prefix} (lock ${hash})`;
    opts.log?.(`ssdp worker: recreating env ${label} from the run's lockfile as ${prefix}`);
    const dir = mkdtempSync(join(tmpdir(), 'ssdp-run-lock-'));
    const file = join(dir, 'lock.json');
    writeFileSync(file, text);
    const { createReporter } = await import('../util/reporter.js');
    const quiet = createReporter({ quiet: true });
    try {
        // An env left by a recreation that failed half-way (or another worker's in the same root) is replaced.
        await envs.createEnv({ root, reporter: quiet, name, file, force: existsSync(prefix), offline: opts.offline, command: `ssdp worker (env of a run, lock ${hash})` });
    }
    catch (e) {
        // another worker sharing this root may have made it meanwhile
        if (await holds(prefix, text))
            return setupOf(prefix);
        const why = e instanceof SsdpError ? `[${e.code}] ${e.message}` : e instanceof Error ? e.message : String(e);
        throw new SsdpError('E_WORKER_ENV', `could not recreate the run's env ${label} from its lockfile under ${root}: ${why}`, {
            hint: 'The worker needs the registry (or a store holding the packages) the submitter used; or put SSDP_ROOT on a filesystem every worker shares.',
            cause: e,
        });
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
    opts.log?.(`ssdp worker: env ${label} ready`);
    return setupOf(prefix);
}
//# sourceMappingURL=run-env.js.map
/**
 * Scale-out launchers: a private redis-server as the run's broker, and workers started on Slurm.
 * `withCluster` is what `ssdp run --cluster slurm` and `new Client({ cluster })` use: it starts
 * the broker (unless one is given) and the workers, runs the work against that broker, and stops
 * everything at the end, also on failure and Ctrl-C.
 */
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SsdpError } from '../util/errors.js';
import { startPrivateRedis } from './redis-server.js';
import { SlurmCluster, slurmProgram } from './slurm.js';
import { checkSlurmOptions } from './slurm-options.js';
export { startPrivateRedis } from './redis-server.js';
export { SlurmCluster, listSlurmWorkers, batchScript, BROKER_ARG } from './slurm.js';
export { checkSlurmOptions, SLURM_KEYS } from './slurm-options.js';
export { stopAll } from '../util/stop-on-exit.js';
/** `new Client({ cluster: slurm({ workers: 2, cpus: 4, walltime: '1:00:00' }) })`. */
export function slurm(options = {}) {
    checkSlurmOptions(options, 'slurm({...})');
    return { kind: 'slurm', options: { ...options } };
}
/** This machine's address as other machines see it: its first non-loopback IPv4. */
export function hostAddress() {
    for (const addrs of Object.values(networkInterfaces())) {
        for (const a of addrs ?? [])
            if (a.family === 'IPv4' && !a.internal)
                return a.address;
    }
    return '127.0.0.1';
}
const SSDP_BIN = fileURLToPath(new URL('../../../bin/ssdp', import.meta.url));
/**
 * `ssdp worker --nprocs CPUS [ENV ARGS]`, run by this node from this ssdp. The worker reads the
 * broker URL from SSDP_BROKER (the job's environment), so its password never shows in `ps`.
 */
export function workerCommand(options, envArgs = []) {
    return [process.execPath, SSDP_BIN, 'worker', '--nprocs', String(options.cpus ?? 1), ...envArgs];
}
/** After the first worker has announced itself, how long ready() waits for running ones still starting. */
const LATE_WORKER_MS = 10_000;
/**
 * Waits until every running Slurm worker serves the broker (their --nprocs summed), or one does
 * and the others have had LATE_WORKER_MS: the scheduler sizes a run by the workers it sees at its
 * start, so a run begun with none would hand out one batch at a time until one finished. Pending
 * workers (a full queue) are not waited for; they join the run when they start.
 */
async function workersAnnounced(cluster, broker, lost) {
    const { RemoteExecutor } = await import('../distributed/remote.js');
    const remote = new RemoteExecutor({ broker });
    const per = cluster.options.cpus ?? 1;
    let first;
    // Closing (a signal, a failure) ends the wait at once, while the broker still answers the probe's close.
    const closed = cluster.closingStarted.then(() => {
        throw new SsdpError('E_SLURM', 'The Slurm cluster was closed while its workers were starting.');
    });
    closed.catch(() => { });
    try {
        for (;;) {
            const [announced, live] = await Promise.race([Promise.all([remote.workers(), cluster.liveWorkers()]), lost, closed]);
            const running = live.filter((w) => w.state === 'RUNNING').length;
            if (announced > 0)
                first ??= Date.now();
            if (first !== undefined && (announced >= running * per || Date.now() - first > LATE_WORKER_MS))
                return;
            await Promise.race([new Promise((r) => setTimeout(r, 200)), lost, closed]);
        }
    }
    finally {
        // its broker may be going away with the cluster: closing the probe must not hold the run up
        await Promise.race([remote.close().catch(() => { }), new Promise((r) => setTimeout(r, 2000).unref())]);
    }
}
export async function startCluster(spec, opts = {}) {
    if (spec.kind !== 'slurm')
        throw new SsdpError('E_CLUSTER_OPTION', `Unknown cluster kind '${String(spec.kind)}'.`, { hint: "Use cluster: slurm({...}) or --cluster slurm." });
    checkSlurmOptions(spec.options, 'slurm({...})');
    for (const p of ['sbatch', 'squeue', 'scancel'])
        slurmProgram(p);
    const redis = opts.broker ? undefined : await startPrivateRedis({ host: spec.options.host ?? hostAddress() });
    const broker = opts.broker ?? redis.url;
    let cluster;
    try {
        cluster = await SlurmCluster.start(spec.options, { broker, command: opts.command ?? workerCommand(spec.options, opts.envArgs), logDir: opts.logDir });
    }
    catch (e) {
        await redis?.stop();
        throw e;
    }
    let closed = false;
    let timer;
    const lost = new Promise((_, reject) => {
        let emptyPolls = 0;
        const poll = async () => {
            if (closed || cluster.closing)
                return;
            const live = await cluster.liveWorkers().catch(() => undefined);
            emptyPolls = live && live.length === 0 ? emptyPolls + 1 : 0;
            // Two empty answers in a row: one may fall between a cancel and a new submission.
            if (emptyPolls >= 2 && !closed && !cluster.closing) {
                const endings = await cluster.endings().catch(() => []);
                const jobs = endings.length ? endings.join(', ') : `jobs ${cluster.arrays.join(', ')}`;
                reject(new SsdpError('E_SLURM_WORKERS_GONE', `Every Slurm worker of this run has ended, so nothing is left to run its tasks: ${jobs}.`, {
                    hint: `Their logs are in ${cluster.logDir}; a worker that cannot reach the broker (FAILED), too little --mem (OUT_OF_MEMORY), a short walltime (TIMEOUT, or COMPLETED after draining) or scancel (CANCELLED) are the usual causes.`,
                }));
                return;
            }
            timer = setTimeout(poll, opts.pollMs ?? 2000);
            timer.unref();
        };
        timer = setTimeout(poll, opts.pollMs ?? 2000);
        timer.unref();
    });
    lost.catch(() => { });
    let ready;
    const close = async () => {
        closed = true;
        clearTimeout(timer);
        try {
            await cluster.close();
        }
        finally {
            await redis?.stop();
        }
    };
    return { broker, slurm: cluster, redis, lost, close, ready: () => (ready ??= workersAnnounced(cluster, broker, lost)) };
}
const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
/**
 * Ctrl-C while the workers start (before any step runs): a clear E_RUN_INTERRUPTED with the
 * signal's exit code, rather than a wait on a broker that the same signal is stopping.
 */
function whileStarting() {
    const listeners = new Map();
    const signalled = new Promise((_, reject) => {
        for (const [sig, exitCode] of Object.entries(STOP_SIGNALS)) {
            const h = () => reject(new SsdpError('E_RUN_INTERRUPTED', `The run was stopped (${sig}) while its Slurm workers were starting; no step had run.`, { hint: 'Run the same command again to start over.', exitCode }));
            listeners.set(sig, h);
            process.on(sig, h);
        }
    });
    signalled.catch(() => { });
    return { signalled, off: () => listeners.forEach((h, sig) => process.removeListener(sig, h)) };
}
/** Starts the cluster, runs `fn` against its broker, and stops the cluster however `fn` ends. */
export async function withCluster(spec, opts, fn) {
    const cluster = await startCluster(spec, opts);
    const stop = whileStarting();
    try {
        try {
            await Promise.race([cluster.ready(), stop.signalled]);
        }
        finally {
            stop.off();
        }
        return await Promise.race([fn(cluster.broker, cluster), cluster.lost]);
    }
    finally {
        await cluster.close();
    }
}
/**
 * The cluster `ssdp run --cluster slurm [--workers N]` asks for: ssdp.yaml's `cluster: slurm:`
 * settings, with --workers winning. Undefined when no --cluster is given.
 */
export function runCluster(args, settings = {}) {
    if (args.cluster === undefined) {
        if (args.workers !== undefined)
            throw new SsdpError('E_BAD_ARGS', '--workers sets the number of cluster workers and goes with --cluster slurm.', { hint: 'For workers on this machine use -j N.', exitCode: 2 });
        return undefined;
    }
    if (args.cluster !== 'slurm')
        throw new SsdpError('E_BAD_ARGS', `--cluster ${args.cluster}: the one cluster kind is slurm.`, { exitCode: 2 });
    const options = { ...settings.slurm, ...(args.workers !== undefined ? { workers: args.workers } : {}) };
    if (args.workers !== undefined && (!Number.isInteger(args.workers) || args.workers < 1)) {
        throw new SsdpError('E_BAD_OPTION_VALUE', `--workers must be a whole number from 1, got ${args.workers}.`, { exitCode: 2 });
    }
    return slurm(options);
}
//# sourceMappingURL=index.js.map
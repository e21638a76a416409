/**
 * `ssdp worker [--broker redis://...] [--nprocs N] [-n ENV | -p PREFIX]`: serve a broker's runs
 * (the broker from $SSDP_BROKER when --broker is not given)
 * until SIGINT/SIGTERM. Tasks run in child processes started from the env (its node, PATH and
 * variables); without -n/-p, from the environment ssdp runs in.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import { SsdpError } from '../../util/errors.js';
import { settingsOf, type CommandName, type Handler } from '../options.js';

const worker: Handler = async (p) => {
  const a = settingsOf(p, 'worker');
  if (a.positionals.length) throw new SsdpError('E_BAD_ARGS', `ssdp worker takes no arguments, got '${a.positionals.join(' ')}'.`, { hint: 'ssdp worker --broker redis://USER:PASSWORD@HOST:PORT [--nprocs N] [-n ENV]', exitCode: 2 });
  // SSDP_BROKER keeps the password off the command line, where `ps` would show it to everyone.
  const broker = a.broker ?? (process.env.SSDP_BROKER || undefined);
  if (!broker) throw new SsdpError('E_BAD_ARGS', 'ssdp worker needs --broker redis://[user:password@]host:port, or SSDP_BROKER set to that URL.', { hint: 'SSDP_BROKER=redis://default:SECRET@HOST:6379 ssdp worker --nprocs 4 (the environment keeps the password out of ps)', exitCode: 2 });
  if (a.nprocs !== undefined && (!Number.isInteger(a.nprocs) || a.nprocs < 1)) {
    throw new SsdpError('E_BAD_OPTION_VALUE', `--nprocs must be a whole number from 1, got ${a.nprocs}.`, { exitCode: 2 });
  }
  // Task processes start at once, each a node (~50 MB): a typo's extra zeros must not fork the
  // machine into the ground.
  const most = nprocsBound();
  if (a.nprocs !== undefined && a.nprocs > most) {
    throw new SsdpError('E_BAD_OPTION_VALUE', `--nprocs ${a.nprocs} is more task processes than this machine can hold: at most ${most} here (${PER_CPU} per CPU, ${availableParallelism()} CPUs, and ${MB_PER_PROCESS} MB of memory each, ${Math.round(totalmem() / 2 ** 20)} MB in all).`, {
      hint: `Give --nprocs ${Math.min(most, availableParallelism())} (one per CPU) or another number up to ${most}.`,
      exitCode: 2,
    });
  }
  const { parseBroker } = await import('../../distributed/broker.js');
  parseBroker(broker); // a bad address is a usage error before any env work
  let node: string | undefined;
  let env: NodeJS.ProcessEnv | undefined;
  let ownEnv: string | undefined;
  if (a.name !== undefined || a.prefix !== undefined) {
    const envs = await import('../../env/index.js');
    const { resolveRoot, prefixLayout } = await import('../../env/prefix.js');
    const target = envs.resolveTarget(resolveRoot(a.root), { name: a.name, prefix: a.prefix });
    env = envs.envProcessEnv(target.prefix);
    ownEnv = target.prefix;
    const envNode = join(prefixLayout(target.prefix).bin, 'node');
    node = existsSync(envNode) ? envNode : undefined;
  }
  const { runWorker } = await import('../../distributed/serve.js');
  const { workerRunEnv } = await import('../../distributed/run-env.js');
  // a run that names an env gets its tasks run in it (recreated under this worker's root when not shared)
  const log = (l: string) => process.stderr.write(`${l}\n`);
  // set in the Slurm jobs a run starts for itself: the worker ends with that run (run-owner.ts)
  const boundTo = process.env.SSDP_WORKER_FOR_RUN || undefined;
  // ... and when its broker is that run's private redis-server, a refused connection ends it at once
  const privateBroker = process.env.SSDP_BROKER_PRIVATE === '1';
  return runWorker({ broker, nprocs: a.nprocs, node, env, ownEnv, log, boundTo, privateBroker, prepareRun: (want) => workerRunEnv(want, { root: a.root, ownEnv, log }) });
};

const PER_CPU = 8;
const MB_PER_PROCESS = 50;
/** The most task processes one worker may start: PER_CPU per CPU, and no more than memory holds at MB_PER_PROCESS each. */
function nprocsBound(): number {
  return Math.max(1, Math.min(PER_CPU * availableParallelism(), Math.floor(totalmem() / 2 ** 20 / MB_PER_PROCESS)));
}

export const handlers: Partial<Record<CommandName, Handler>> = { worker };

/**
 * The library's public face: `import { delayed, compute, bag, array, Client } from 'ssdp'`.
 * Each capability re-exports from its own entry module.
 */
export { SsdpError } from './util/errors.js';
import type * as Cluster from './cluster/index.js';
import type { SlurmWorker, PrivateRedis } from './cluster/index.js';
import type * as RunCommand from './env/run-command.js';
import type * as Target from './env/target.js';
// Task graph engine (delayed, compute, schedulers, pictures) and bags.
export {
  delayed,
  compute,
  persist,
  computeWithSummary,
  get,
  getWithSummary,
  Client,
  visualize,
  toDot,
  sum,
  sleepSync,
  isWorker,
  runsAsMain,
  fnRef,
  registerModule,
  ref,
  lit,
  cull,
  buildPlan,
  shutdownDefaultPools,
  TaskFailedError,
  type Delayed,
  type DelayedFn,
  type ComputeOptions,
  type ClientOptions,
  type Graph,
  type Task,
  type FnRef,
  type Computable,
  type RunSummary,
} from './graph/index.js';
export * as bag from './collections/bag-index.js';
// Scale-out: the same graphs on `ssdp worker`s serving a Redis broker (new Client({ broker })).
export { runOnBroker, serveBroker, runWorker, parseBroker, type ServeOptions, type WorkerHandle } from './distributed/index.js';
// Workers on Slurm (new Client({ cluster: slurm({ workers: 4 }) })) and the private redis-server they
// meet at: loaded when first called (see `later` below).
export type { SlurmOptions, SlurmWorker, PrivateRedis } from './cluster/index.js';
/** `new Client({ cluster: slurm({ workers: 2, cpus: 4, walltime: '1:00:00' }) })`. */
export function slurm(...args: Parameters<typeof Cluster.slurm>): ReturnType<typeof Cluster.slurm> {
  return later<typeof Cluster>('./cluster/index.js').slurm(...args);
}
/** The ssdp workers this user has on Slurm (squeue). */
export async function listSlurmWorkers(): Promise<SlurmWorker[]> {
  return (await import('./cluster/index.js')).listSlurmWorkers();
}
/** A private redis-server for this user, as a run's broker. */
export async function startPrivateRedis(...args: Parameters<typeof Cluster.startPrivateRedis>): Promise<PrivateRedis> {
  return (await import('./cluster/index.js')).startPrivateRedis(...args);
}
export * as array from './collections/array/index.js';
// Environments: the process environment of an env (workers start with it), its state and layout.
// Straight from their modules, not env/index.js, which holds every env command's code.
export { readEnvState, prefixLayout, resolveRoot, type EnvState } from './env/prefix.js';
/** The environment variables a program run in the env at `prefix` gets (as `ssdp run` sets them). */
export function envProcessEnv(...args: Parameters<typeof RunCommand.envProcessEnv>): NodeJS.ProcessEnv {
  return later<typeof RunCommand>('./env/run-command.js').envProcessEnv(...args);
}
/** The envs of a root, as `ssdp env list` shows them. */
export function listEnvs(...args: Parameters<typeof Target.listEnvs>): ReturnType<typeof Target.listEnvs> {
  return later<typeof Target>('./env/target.js').listEnvs(...args);
}

/**
 * The module at `path` (relative to this file), loaded on first use: importing 'ssdp' for arrays
 * or delayed should not compile the env, cluster and Slurm code (~2-3 MB of a program's memory,
 * issue 14 B). require() of an ES module (Node >= 20.19, package.json's engines) is synchronous,
 * so the functions keep their synchronous signatures; it shares import()'s module instances.
 */
function later<T>(path: string): T {
  return process.getBuiltinModule('node:module').createRequire(import.meta.url)(path) as T;
}
// Shell activation: hook code per shell, activation planned as one change and rendered as code.
export * as shell from './shell/index.js';
// The radar pipeline (data and outputs) is the subpath 'ssdp/radar' (src/radar/entry.ts): its
// image libraries would otherwise load with every import of 'ssdp'.

/**
 * The library's public face: `import { delayed, compute, bag, array, Client } from 'ssdp'`.
 * Each capability re-exports from its own entry module.
 */
export { SsdpError } from './util/errors.js';
export { delayed, compute, persist, computeWithSummary, get, getWithSummary, Client, visualize, toDot, sum, sleepSync, isWorker, runsAsMain, fnRef, registerModule, ref, lit, cull, buildPlan, shutdownDefaultPools, TaskFailedError, type Delayed, type DelayedFn, type ComputeOptions, type ClientOptions, type Graph, type Task, type FnRef, type Computable, type RunSummary, } from './graph/index.js';
export * as bag from './collections/bag-index.js';
export { runOnBroker, serveBroker, runWorker, parseBroker, type ServeOptions, type WorkerHandle } from './distributed/index.js';
export { slurm, listSlurmWorkers, startPrivateRedis, type SlurmOptions, type SlurmWorker, type PrivateRedis } from './cluster/index.js';
export * as array from './collections/array/index.js';
export { envProcessEnv, readEnvState, prefixLayout, resolveRoot, listEnvs, type EnvState } from './env/index.js';
export * as shell from './shell/index.js';

/**
 * The library's public face: `import { delayed, compute, bag, array, Client } from 'ssdp'`.
 * Each capability re-exports from its own entry module.
 */
export { SsdpError } from './util/errors.js';
// Task graph engine (delayed, compute, schedulers, pictures) and bags.
export { delayed, compute, persist, computeWithSummary, get, getWithSummary, Client, visualize, toDot, sum, sleepSync, isWorker, runsAsMain, fnRef, registerModule, ref, lit, cull, buildPlan, shutdownDefaultPools, TaskFailedError, } from './graph/index.js';
export * as bag from './collections/bag-index.js';
// Scale-out: the same graphs on `ssdp worker`s serving a Redis broker (new Client({ broker })).
export { runOnBroker, serveBroker, runWorker, parseBroker } from './distributed/index.js';
// Workers on Slurm (new Client({ cluster: slurm({ workers: 4 }) })) and the private redis-server they meet at.
export { slurm, listSlurmWorkers, startPrivateRedis } from './cluster/index.js';
export * as array from './collections/array/index.js';
// Environments: the process environment of an env (workers start with it), its state and layout.
export { envProcessEnv, readEnvState, prefixLayout, resolveRoot, listEnvs } from './env/index.js';
// Shell activation: hook code per shell, activation planned as one change and rendered as code.
export * as shell from './shell/index.js';
// The radar pipeline (data and outputs) is the subpath 'ssdp/radar' (src/radar/entry.ts): its
// image libraries would otherwise load with every import of 'ssdp'.
//# sourceMappingURL=index.js.map
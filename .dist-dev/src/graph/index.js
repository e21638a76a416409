export { ref, lit, isTask, isRef, dependenciesOf, keyKind } from './graph.js';
export { fnRef, registerModule, registerFunction } from './functions.js';
export { cull, buildPlan } from './plan.js';
export { get, getWithSummary, formatSummary } from './run.js';
export { Client, shutdownDefaultPools } from './client.js';
export { Future, isFuture } from './futures.js';
export { TaskFailedError } from './errors.js';
export { delayed, compute, persist, computeWithSummary, isDelayed, fromGraph, graphOfAll } from './delayed.js';
export { visualize, toDotOf as toDot, renderSvg } from './visualize.js';
export { toDot as graphToDot } from './dot.js';
export { tokenize } from './tokenize.js';
export { sum } from './builtins.js';
export { sleepSync, isWorker, runsAsMain } from './util.js';
//# sourceMappingURL=index.js.map
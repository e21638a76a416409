/**
 * The task graph engine (ssdp's Dask): graph data, optimisation, schedulers, delayed.
 * See types.ts for the graph contract and how to make functions runnable on workers.
 */
export type { Key, FnRef, TaskFn, Task, DataNode, GraphNode, Graph, Ref, KeyTree, SchedulerName, GetOptions, Computable, RunSummary } from './types.js';
export { ref, lit, isTask, isRef, dependenciesOf, keyKind } from './graph.js';
export { fnRef, registerModule, registerFunction } from './functions.js';
export { cull, buildPlan, type Plan, type Unit, type Step } from './plan.js';
export { get, getWithSummary, formatSummary } from './run.js';
export { Client, shutdownDefaultPools, type ClientOptions } from './client.js';
export { Future, isFuture, type FutureStatus } from './futures.js';
export { TaskFailedError } from './errors.js';
export { delayed, compute, persist, computeWithSummary, isDelayed, fromGraph, graphOfAll, type Delayed, type DelayedFn, type DelayedOptions, type ComputeOptions, type Persistable } from './delayed.js';
export { visualize, toDotOf as toDot, renderSvg, type VisualizeOptions } from './visualize.js';
export { toDot as graphToDot } from './dot.js';
export { tokenize } from './tokenize.js';
export { sum } from './builtins.js';
export { sleepSync, isWorker, runsAsMain } from './util.js';

import { type SolverState } from './attempt.js';
import type { PackumentClient } from './packument-client.js';
import type { Request } from './types.js';
export declare function prefetch(requests: Request[], client: PackumentClient, s: SolverState): Promise<void>;
export declare function fetchMissing(names: Iterable<string>, client: PackumentClient, s: SolverState): Promise<void>;

import type { Graph } from './types.js';
export interface DotOptions {
    /** Graph direction; dask draws bottom-to-top. */
    rankdir?: 'BT' | 'TB' | 'LR' | 'RL';
}
export declare function toDot(graph: Graph, opts?: DotOptions): string;

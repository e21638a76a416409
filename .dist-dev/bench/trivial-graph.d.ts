import type { Graph } from '../src/graph/types.js';
export declare function trivialGraph(n: number): {
    graph: Graph;
    root: string;
    tasks: number;
};

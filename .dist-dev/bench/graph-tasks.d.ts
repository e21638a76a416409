/** Task functions of bench/graph.ts (a module of their own so workers import nothing else). */
export declare function inc(x: number): number;
export declare function sumList(xs: number[]): number;
/** CPU-bound chunk: `n` steps of a pseudo-random generator, summed. */
export declare function cpuChunk(seed: number, n: number): number;
/**
 * A synthetic radar frame for bench/array-reductions' radar case (443 x 235 float32): rain rates
 * from a cheap formula, NaN off the radar (column 0) and in scattered pixels. The Dask peer draws
 * the same values (bench/peers/array_radar.py).
 */
export declare function radarFrame(i: number, h: number, w: number): Float32Array;

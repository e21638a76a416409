/**
 * A seeded xoshiro128** generator for `array.random`. Every chunk draws from its own stream,
 * seeded from (seed, chunk number), so a chunk's values depend only on the seed and where the chunk
 * sits — never on which worker made it or in what order — and any worker can make any chunk from
 * two numbers instead of receiving its data.
 */
/** The four state words for stream `stream` of `seed` (seed may use up to 53 bits). */
export declare function streamState(seed: number, stream: number): Uint32Array;
/**
 * Fills `out` with uniform values in [0, 1): 24 random bits per float32, 53 per float64 (as NumPy).
 * One loop per output type, state in locals: this is the hot path of `random.rand`.
 */
export declare function fillUniform(out: Float32Array | Float64Array, seed: number, stream: number): void;
/**
 * Stream `stream` of `seed`, drawn in pieces: filling a chunk slab by slab gives the values one
 * fill of the whole chunk gives (so a reduction can draw a chunk in cache-sized pieces).
 */
export declare class UniformStream {
    private s;
    constructor(seed: number, stream: number);
    fill(out: Float32Array | Float64Array): void;
}

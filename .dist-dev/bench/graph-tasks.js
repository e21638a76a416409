/** Task functions of bench/graph.ts (a module of their own so workers import nothing else). */
export function inc(x) {
    return x + 1;
}
export function sumList(xs) {
    let s = 0;
    for (const x of xs)
        s += x;
    return s;
}
/** CPU-bound chunk: `n` steps of a pseudo-random generator, summed. */
export function cpuChunk(seed, n) {
    let s = seed >>> 0;
    let acc = 0;
    for (let i = 0; i < n; i++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        acc += Math.sqrt(s / 4294967296);
    }
    return acc;
}
/**
 * A synthetic radar frame for bench/array-reductions' radar case (443 x 235 float32): rain rates
 * from a cheap formula, NaN off the radar (column 0) and in scattered pixels. The Dask peer draws
 * the same values (bench/peers/array_radar.py).
 */
export function radarFrame(i, h, w) {
    const out = new Float32Array(h * w);
    for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
            const k = y * w + x;
            out[k] = x === 0 || (x + 3 * y + i) % 13 === 0 ? NaN : ((x * 7 + y * 3 + i * 11) % 97) / 10;
        }
    }
    return out;
}
//# sourceMappingURL=graph-tasks.js.map
/** Task functions of bench/graph.ts (a module of their own so workers import nothing else). */

export function inc(x: number): number {
  return x + 1;
}

export function sumList(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** CPU-bound chunk: `n` steps of a pseudo-random generator, summed. */
export function cpuChunk(seed: number, n: number): number {
  let s = seed >>> 0;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    acc += Math.sqrt(s / 4294967296);
  }
  return acc;
}

/**
 * One fresh-process run for bench/graph's "number a user sees": build `delayed(inc)(i)` for
 * i < n plus `delayed(sumList)` of them, then the first compute (default threads scheduler, so
 * the pool starts inside the timing). Prints JSON: build and compute ms, and the time since the
 * process started.
 */
const n = Number(process.argv[2] ?? 20_000);
const { delayed, shutdownDefaultPools } = await import('../src/graph/index.js');
const { inc, sumList } = await import('./graph-tasks.js');
const t0 = performance.now();
const list = [];
for (let i = 0; i < n; i++)
    list.push(delayed(inc)(i));
const total = delayed(sumList)(list);
const t1 = performance.now();
const r = await total.compute();
const t2 = performance.now();
if (r !== (n * (n + 1)) / 2)
    throw new Error(`wrong sum: ${String(r)}`);
console.log(JSON.stringify({ buildMs: t1 - t0, computeMs: t2 - t1, sinceStartMs: t2 }));
await shutdownDefaultPools();
export {};
//# sourceMappingURL=graph-fresh.js.map
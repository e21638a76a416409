/**
 * The lecture's timing: `add(add(1, 2), add(3, 4))` with a 1 s `add` takes about 2 s on 2 workers
 * and 3 s serially. Prints JSON: both wall times and their ratio (the tests check concurrency by
 * overlap instead, see test/graph/delayed.test.ts).
 */
process.env.SSDP_TEST_SLEEP_MS ??= '1000';
const { delayed, Client } = await import('../src/graph/index.js');
const { add_ } = await import('../test/graph/fixtures/lecture.js');
const { inc } = await import('./graph-tasks.js');
const client = new Client({ nWorkers: 2 });
try {
    await delayed(inc)(0).compute(); // workers started and warm
    const result = add_(add_(1, 2), add_(3, 4));
    let t0 = performance.now();
    if ((await result.compute()) !== 10)
        throw new Error('wrong result');
    const parallelMs = performance.now() - t0;
    t0 = performance.now();
    if ((await result.compute({ scheduler: 'sync' })) !== 10)
        throw new Error('wrong result');
    const serialMs = performance.now() - t0;
    console.log(JSON.stringify({ parallelMs, serialMs, serialOverParallel: serialMs / parallelMs }));
}
finally {
    await client.close();
}
export {};
//# sourceMappingURL=graph-lecture.js.map
/**
 * Futures (dask.distributed's `client.submit` family) on any scheduler: work starts at once and
 * each result is available as soon as its task finishes.
 *
 * ```ts
 * const client = new Client({ nWorkers: 2 });          // processes, as Dask's Client
 * const x = client.submit(inc, 1);                      // a Future, already running
 * const ys = client.map(inc, [1, 2, 3]);                // Future[]
 * const total = client.submit(sum, ys);                 // futures inside arguments are awaited
 * await total.result();                                 // 9
 * for await (const f of client.asCompleted(ys)) console.log(await f.result());
 * ```
 *
 * Submissions made in the same turn of the event loop run as one graph (so `map` spreads over
 * every worker). A pool runs one graph at a time: work submitted while a run is going starts when
 * it ends. Futures given as arguments are awaited first and their values travel with the task.
 */
import { isPlainObject } from './graph.js';
import { callerModuleUrl, fnName, knowsWhereFrom, rememberCallerModule, unwrap } from './functions.js';
import { tokenize } from './tokenize.js';
import { getEach } from './run.js';
import { decodeInstance, isEncodedInstance } from './wire.js';
import { SsdpError } from '../util/errors.js';
/** One task's eventual result (dask's `Future`). */
export class Future {
    key;
    #status = 'pending';
    #settled;
    #resolve;
    #reject;
    #value;
    /** @internal made by Client.submit/map/scatter */
    constructor(key) {
        this.key = key;
        this.#settled = new Promise((res, rej) => {
            this.#resolve = res;
            this.#reject = rej;
        });
        // a failed future nobody asks about must not end the program as an unhandled rejection
        this.#settled.catch(() => { });
    }
    get status() {
        return this.#status;
    }
    /** True once the future has a result, an error, or was cancelled. */
    done() {
        return this.#status !== 'pending';
    }
    /** The result; rejects with the task's error, or E_FUTURE_CANCELLED. */
    result() {
        return this.#settled;
    }
    /** The task's error, or undefined when it succeeded. */
    async exception() {
        try {
            await this.#settled;
            return undefined;
        }
        catch (e) {
            return e;
        }
    }
    /** Settles when done, whatever the outcome (for asCompleted). */
    async wait() {
        await this.#settled.catch(() => { });
        return this;
    }
    /** @internal */
    settle(ok, v) {
        if (this.#status !== 'pending')
            return;
        this.#status = ok ? 'finished' : v instanceof SsdpError && v.code === 'E_FUTURE_CANCELLED' ? 'cancelled' : 'error';
        if (ok) {
            this.#value = v;
            this.#resolve(v);
        }
        else
            this.#reject(v);
    }
    /** @internal the result of a finished future, synchronously (to hand it to later tasks) */
    get value() {
        return this.#value;
    }
    toString() {
        return `<Future: ${this.#status}, key: ${this.key}>`;
    }
}
export function isFuture(v) {
    return v instanceof Future;
}
function cancelledError(key) {
    return new SsdpError('E_FUTURE_CANCELLED', `the future ${key} was cancelled before its result was used`, {
        hint: 'Do not ask a cancelled future for its result; submit the work again if it is still needed.',
    });
}
/** A client's futures: pending jobs, batched per event-loop turn into graph runs. */
export class FutureRunner {
    client;
    /** Live futures by key (pure submissions of the same call share one). */
    live = new Map();
    queue = [];
    flushing = false;
    running = Promise.resolve();
    constructor(client) {
        this.client = client;
    }
    submit(fn, args) {
        if (typeof fn !== 'function')
            throw new SsdpError('E_FUTURE_ARGS', `client.submit: the first argument must be a function, got ${typeof fn}`, { hint: 'client.submit(fn, ...args).' });
        const f = unwrap(fn);
        if (!knowsWhereFrom(f)) {
            const caller = callerModuleUrl();
            if (caller)
                rememberCallerModule(f, caller);
        }
        const key = `${fnName(f)}-${tokenize([f, ...args], (v) => (isFuture(v) ? v.key : undefined))}`;
        const known = this.live.get(key);
        if (known && known.status !== 'cancelled' && known.status !== 'error')
            return known;
        const future = new Future(key);
        this.live.set(key, future);
        const deps = futuresIn(args);
        const enqueue = () => {
            this.queue.push({ future, fn: f, args });
            this.schedule();
        };
        if (deps.length === 0)
            enqueue();
        else
            void Promise.all(deps.map((d) => d.result())).then(enqueue, (e) => future.settle(false, e));
        return future;
    }
    scatter(value) {
        const key = `${typeName(value)}-${tokenize([value])}`;
        const known = this.live.get(key);
        if (known)
            return known;
        const future = new Future(key);
        future.settle(true, value);
        this.live.set(key, future);
        return future;
    }
    cancel(futures) {
        for (const f of futures) {
            if (f.done())
                continue;
            this.queue = this.queue.filter((j) => j.future !== f);
            f.settle(false, cancelledError(f.key));
        }
    }
    /** The client is closing: nothing pending will run; settles when the run in progress has ended. */
    async cancelAll() {
        this.cancel([...this.live.values()]);
        // a future resolves before its run ends: the pool must not be closed under a live run
        await this.running;
    }
    /** Runs what is queued at the end of this turn, after the run in progress. */
    schedule() {
        if (this.flushing)
            return;
        this.flushing = true;
        setImmediate(() => {
            this.flushing = false;
            const jobs = this.queue;
            this.queue = [];
            if (jobs.length > 0)
                this.running = this.running.then(() => this.run(jobs)).catch(() => { });
        });
    }
    async run(jobs) {
        let left = jobs.filter((j) => !j.future.done());
        while (left.length > 0) {
            const graph = {};
            for (const j of left) {
                const data = new Map();
                const wired = args(j.args, data);
                for (const [k, v] of data)
                    graph[k] = { value: v };
                graph[j.future.key] = { fn: j.fn, args: wired };
            }
            const byKey = new Map(left.map((j) => [j.future.key, j.future]));
            try {
                await getEach(graph, left.map((j) => j.future.key), { client: this.client }, (key, raw) => {
                    const f = byKey.get(key);
                    if (!f)
                        return;
                    if (isEncodedInstance(raw))
                        void decodeInstance(raw).then((v) => f.settle(true, v), (e) => f.settle(false, e));
                    else
                        f.settle(true, raw);
                });
                left = [];
            }
            catch (e) {
                // the failing task's future gets its error; the others run again (their work was not at fault)
                const key = e.key;
                const failed = typeof key === 'string' ? byKey.get(key) : undefined;
                if (!failed) {
                    for (const j of left)
                        j.future.settle(false, e);
                    return;
                }
                failed.settle(false, e);
                left = left.filter((j) => !j.future.done());
            }
        }
    }
}
/** Futures anywhere inside arrays and plain objects of `v`. */
export function futuresIn(v, out = []) {
    if (isFuture(v))
        out.push(v);
    else if (Array.isArray(v))
        for (const x of v)
            futuresIn(x, out);
    else if (isPlainObject(v))
        for (const x of Object.values(v))
            futuresIn(x, out);
    return out;
}
/** Arguments with each (finished) future replaced by a reference to a data key holding its value. */
function args(v, data) {
    if (isFuture(v)) {
        // finished before the job was queued (its dependencies are awaited first)
        data.set(v.key, v.value);
        return { $ref: v.key };
    }
    if (Array.isArray(v))
        return v.map((x) => args(x, data));
    if (isPlainObject(v))
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, args(x, data)]));
    return v;
}
function typeName(v) {
    if (v === null)
        return 'null';
    if (typeof v !== 'object')
        return typeof v;
    return (v.constructor?.name ?? 'object').toLowerCase();
}
/** The results of futures anywhere inside `v` (arrays, plain objects), in the same shape. */
export async function gather(v) {
    if (isFuture(v))
        return v.result();
    if (Array.isArray(v))
        return Promise.all(v.map(gather));
    if (isPlainObject(v)) {
        const entries = await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await gather(x)]));
        return Object.fromEntries(entries);
    }
    return v;
}
/** Yields the futures as each finishes (with a result, an error or cancelled), first done first. */
export async function* asCompleted(futures) {
    const waiting = new Map();
    for (const f of futures)
        if (!waiting.has(f))
            waiting.set(f, f.wait());
    while (waiting.size > 0) {
        const f = await Promise.race(waiting.values());
        waiting.delete(f);
        yield f;
    }
}
//# sourceMappingURL=futures.js.map
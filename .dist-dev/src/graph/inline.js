/**
 * The sync executor: runs each batch in this thread, at once. For debugging (breakpoints and
 * stack traces work as usual) and as the reference every other executor must agree with. Async
 * task functions are awaited one at a time.
 */
import { runSteps, isFailure, toExecStep } from './exec.js';
import { isFnRef, loadShipped, loadedShipped, unwrap } from './functions.js';
import { isTask } from './graph.js';
export const INLINE = {
    name: 'sync',
    async open(plan, hooks) {
        await preloadRefs(plan);
        return new InlineSession(plan, hooks);
    },
};
class InlineSession {
    plan;
    hooks;
    width = 1;
    transfers = false;
    busy = false;
    // FnRef objects are usually shared by many tasks: resolve each object once per run.
    byRef = new Map();
    load = (fn) => {
        let f = this.byRef.get(fn);
        if (f === undefined) {
            f = isFnRef(fn) ? loadedShipped(fn) : unwrap(fn);
            this.byRef.set(fn, f);
        }
        return f;
    };
    constructor(plan, hooks) {
        this.plan = plan;
        this.hooks = hooks;
    }
    freeSlots() {
        return this.busy ? 0 : 1;
    }
    async submit(req) {
        this.busy = true;
        try {
            return await this.run(req);
        }
        finally {
            this.busy = false;
        }
    }
    async run(req) {
        const { plan } = this;
        const t0 = performance.now();
        const vals = new Map();
        for (let i = 0; i < req.inputs.length; i++)
            vals.set(plan.units[req.inputs[i]].key, req.inputValues[i]);
        const lookup = (k) => vals.get(k);
        const timings = this.hooks.timing ? [] : undefined;
        const timing = timings ? (k, ms) => void timings.push([k, ms]) : undefined;
        const done = [];
        const values = [];
        let failure;
        for (const u of req.units) {
            const unit = plan.units[u];
            const steps = unit.steps.map((s) => toExecStep(s.key, s.node, this.load));
            let value = runSteps(steps, lookup, undefined, timing);
            if (value instanceof Promise)
                value = await value;
            if (isFailure(value)) {
                failure = value;
                break;
            }
            vals.set(unit.key, value);
            done.push(u);
            values.push(value);
        }
        return { done, values, failure, ms: performance.now() - t0, timings };
    }
    async finalize() { }
    close() { }
    stats() {
        return { batches: 0, peakWorkerHeapBytes: 0, nWorkers: 1 };
    }
}
/** Imports every module referenced by the plan's tasks once, before the loop. */
async function preloadRefs(plan) {
    const pending = [];
    const seen = new Set();
    const seenObjects = new Set();
    for (const unit of plan.units) {
        for (const s of unit.steps) {
            if (!isTask(s.node) || seenObjects.has(s.node.fn) || !isFnRef(s.node.fn))
                continue;
            seenObjects.add(s.node.fn);
            const id = `${s.node.fn.module}#${s.node.fn.name}`;
            if (seen.has(id))
                continue;
            seen.add(id);
            pending.push(loadShipped(s.node.fn));
        }
    }
    await Promise.all(pending);
}
//# sourceMappingURL=inline.js.map
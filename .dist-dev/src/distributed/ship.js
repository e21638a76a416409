/**
 * A plan's functions as a run-wide table the workers load from (by module reference, or source
 * text for self-contained lambdas, as the processes scheduler ships them), and each unit's steps
 * in the pool's wire form with functions named by their index in that table.
 */
import { shipFunction } from '../graph/functions.js';
import { isPlainObject, isTask } from '../graph/graph.js';
import { encodeFns } from '../graph/pool.js';
function hasFunction(v, depth = 0) {
    if (typeof v === 'function')
        return true;
    if (depth > 32 || v === null || typeof v !== 'object')
        return false;
    if (Array.isArray(v))
        return v.some((x) => hasFunction(x, depth + 1));
    if (!isPlainObject(v) || '$ref' in v || '$lit' in v)
        return false;
    for (const k in v)
        if (hasFunction(v[k], depth + 1))
            return true;
    return false;
}
function collectFunctions(v, out, depth = 0) {
    if (typeof v === 'function')
        out.push(v);
    else if (depth <= 32 && v !== null && typeof v === 'object') {
        if (Array.isArray(v))
            for (const x of v)
                collectFunctions(x, out, depth + 1);
        else if (isPlainObject(v) && !('$ref' in v) && !('$lit' in v))
            for (const k in v)
                collectFunctions(v[k], out, depth + 1);
    }
}
export async function shipPlan(plan) {
    const ids = new Map();
    const byName = new Map();
    const defs = [];
    const withFnArgs = new Set();
    const argFnIds = new Set();
    const add = async (fn) => {
        const known = ids.get(fn);
        if (known !== undefined)
            return known;
        const sh = await shipFunction(fn);
        const name = 'src' in sh ? `src:${sh.module ?? ''}:${sh.src}` : `${sh.module}#${sh.name}`;
        let id = byName.get(name);
        if (id === undefined) {
            id = defs.push(sh) - 1;
            byName.set(name, id);
        }
        ids.set(fn, id);
        return id;
    };
    for (const unit of plan.units) {
        for (const s of unit.steps) {
            if (!isTask(s.node))
                continue;
            // FnRef objects are compared by module and name, functions by identity
            const fn = s.node.fn;
            if (typeof fn !== 'function') {
                const key = `${fn.module}#${fn.name}`;
                const id = byName.get(key) ?? (await add(fn));
                ids.set(fn, id);
            }
            else
                await add(fn);
            if (hasFunction(s.node.args)) {
                withFnArgs.add(s.node);
                const fns = [];
                collectFunctions(s.node.args, fns);
                for (const f of fns)
                    argFnIds.add(await add(f));
            }
        }
    }
    const idOf = (fn) => ids.get(fn);
    const cache = new Array(plan.units.length);
    return {
        defs,
        argFns: withFnArgs.size > 0,
        argFnIds: [...argFnIds],
        steps(u) {
            let w = cache[u];
            if (!w) {
                w = plan.units[u].steps.map((s) => isTask(s.node)
                    ? { k: s.key, f: idOf(s.node.fn), a: withFnArgs.has(s.node) ? encodeFns(s.node.args, idOf) : s.node.args }
                    : { k: s.key, v: s.node.value });
                cache[u] = w;
            }
            return w;
        },
    };
}
//# sourceMappingURL=ship.js.map
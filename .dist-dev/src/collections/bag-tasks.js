/**
 * The per-partition functions a bag's graph calls. Exported and registered so workers import
 * them; user functions arrive as arguments. A user function may be async: a partition then
 * resolves once all its elements have.
 */
import { registerModule } from '../graph/functions.js';
function isThenable(v) {
    return typeof v === 'object' && v !== null && typeof v.then === 'function';
}
function settle(values) {
    return values.some(isThenable) ? Promise.all(values) : values;
}
export function mapPartition(f, part) {
    const out = new Array(part.length);
    for (let i = 0; i < part.length; i++)
        out[i] = f(part[i]);
    return settle(out);
}
export function filterPartition(pred, part) {
    const keep = part.map((x) => pred(x));
    if (keep.some(isThenable))
        return Promise.all(keep).then((k) => part.filter((_, i) => k[i]));
    return part.filter((_, i) => keep[i]);
}
export function flattenPartition(part) {
    const out = [];
    for (const x of part) {
        if (x !== null && typeof x === 'object' && Symbol.iterator in x && typeof x !== 'string')
            for (const y of x)
                out.push(y);
        else
            out.push(x);
    }
    return out;
}
/** Folds one partition: `binop(acc, x)` from `initial` (or from the first element). */
export function foldPartition(binop, hasInitial, initial, part) {
    let i = 0;
    let acc = initial;
    if (!hasInitial) {
        if (part.length === 0)
            return EMPTY;
        acc = part[0];
        i = 1;
    }
    for (; i < part.length; i++)
        acc = binop(acc, part[i]);
    return acc;
}
/** Combines folded partitions with `combine(a, b)`, skipping empty ones. */
export function combineFolds(combine, ...parts) {
    let acc = EMPTY;
    for (const p of parts) {
        if (p === EMPTY)
            continue;
        acc = acc === EMPTY ? p : combine(acc, p);
    }
    return acc;
}
/** Marks "no value" (an empty partition folded without an initial value); survives cloning. */
export const EMPTY = '\u0000ssdp:empty';
export function reducePartition(perPartition, part) {
    return perPartition(part);
}
export function aggregateParts(aggregate, ...parts) {
    return aggregate(parts);
}
export function sumPartition(part) {
    let s = 0;
    for (const x of part)
        s += x;
    return s;
}
export function countPartition(part) {
    return part.length;
}
export function sumCountPartition(part) {
    let s = 0;
    for (const x of part)
        s += x;
    return [s, part.length];
}
export function addPairs(...pairs) {
    let s = 0;
    let n = 0;
    for (const [a, b] of pairs) {
        s += a;
        n += b;
    }
    return [s, n];
}
export function addNumbers(...xs) {
    let s = 0;
    for (const x of xs)
        s += x;
    return s;
}
export function divide(pair) {
    return pair[0] / pair[1];
}
export function concatParts(...parts) {
    return [].concat(...parts);
}
export function takeFrom(n, ...parts) {
    const out = [];
    for (const p of parts) {
        for (const x of p) {
            if (out.length >= n)
                return out;
            out.push(x);
        }
    }
    return out;
}
export function finalizeFold(v) {
    if (v === EMPTY)
        throw new TypeError('fold/reduce of an empty bag with no initial value');
    return v;
}
export function keyOf(spec, x) {
    if (typeof spec === 'function')
        return spec(x);
    if (Array.isArray(spec))
        return spec.map((k) => x[k]);
    return x[spec];
}
/** `x[key]` for each element; a missing key gives `fallback` when one was given, else an error. */
export function pluckPartition(spec, hasDefault, fallback, part) {
    const one = (x, k) => {
        const o = x;
        if (o !== null && o !== undefined && k in Object(o))
            return o[k];
        if (hasDefault)
            return fallback;
        throw new TypeError(`pluck: an element has no ${typeof k === 'number' ? `index ${k}` : `key '${k}'`}: ${JSON.stringify(x)?.slice(0, 80)}`);
    };
    return part.map((x) => (Array.isArray(spec) ? spec.map((k) => one(x, k)) : one(x, spec)));
}
/**
 * Groups by key with SameValueZero for primitives and by JSON text for arrays/objects (a tuple
 * key `[a, b]` groups as Python's tuple does), keeping first-seen order.
 */
class KeyedMap {
    m = new Map();
    static id(k) {
        return k !== null && typeof k === 'object' ? `\u0000json:${JSON.stringify(k)}` : k;
    }
    get(k) {
        return this.m.get(KeyedMap.id(k))?.[1];
    }
    has(k) {
        return this.m.has(KeyedMap.id(k));
    }
    set(k, v) {
        const id = KeyedMap.id(k);
        const e = this.m.get(id);
        if (e)
            e[1] = v;
        else
            this.m.set(id, [k, v]);
    }
    pairs() {
        return [...this.m.values()];
    }
}
/** foldby, per partition: `[key, folded]` pairs. */
export function foldbyPartition(spec, binop, hasInitial, initial, part) {
    const m = new KeyedMap();
    for (const x of part) {
        const k = keyOf(spec, x);
        if (m.has(k))
            m.set(k, binop(m.get(k), x));
        else
            m.set(k, hasInitial ? binop(initial, x) : x);
    }
    return m.pairs();
}
/** foldby, across partitions: one partition of `[key, combined]` pairs. */
export function foldbyCombine(combine, hasInitial, initial, ...parts) {
    const m = new KeyedMap();
    for (const p of parts) {
        for (const [k, v] of p) {
            if (m.has(k))
                m.set(k, combine(m.get(k), v));
            else
                m.set(k, hasInitial ? combine(initial, v) : v);
        }
    }
    return m.pairs();
}
export function groupPartition(spec, part) {
    const m = new KeyedMap();
    for (const x of part) {
        const k = keyOf(spec, x);
        const g = m.get(k);
        if (g)
            g.push(x);
        else
            m.set(k, [x]);
    }
    return m.pairs();
}
export function groupCombine(...parts) {
    const m = new KeyedMap();
    for (const p of parts) {
        for (const [k, xs] of p) {
            const g = m.get(k);
            if (g)
                g.push(...xs);
            else
                m.set(k, xs.slice());
        }
    }
    return m.pairs();
}
export function countPartitionItems(part) {
    const m = new KeyedMap();
    for (const x of part)
        m.set(x, (m.get(x) ?? 0) + 1);
    return m.pairs();
}
/** frequencies across partitions; `sort`: most frequent first (ties keep first-seen order). */
export function addCounts(sort, ...parts) {
    const m = new KeyedMap();
    for (const p of parts)
        for (const [k, n] of p)
            m.set(k, (m.get(k) ?? 0) + n);
    const out = m.pairs();
    return sort ? out.sort((a, b) => b[1] - a[1]) : out;
}
/** distinct, per partition and across them: first occurrences (by key when given), in order. */
export function distinctItems(spec, ...parts) {
    const m = new KeyedMap();
    const out = [];
    for (const p of parts) {
        for (const x of p) {
            const k = spec === null ? x : keyOf(spec, x);
            if (m.has(k))
                continue;
            m.set(k, true);
            out.push(x);
        }
    }
    return out;
}
function compareKeys(a, b) {
    if (typeof a === 'number' && typeof b === 'number')
        return a - b;
    if (Array.isArray(a) && Array.isArray(b)) {
        for (let i = 0; i < Math.min(a.length, b.length); i++) {
            const c = compareKeys(a[i], b[i]);
            if (c !== 0)
                return c;
        }
        return a.length - b.length;
    }
    return a < b ? -1 : a > b ? 1 : 0;
}
/** The `k` largest elements (by key when given), largest first; `...parts` are lists. */
export function topkItems(k, spec, ...parts) {
    const all = [].concat(...parts).map((x, i) => ({ x, key: spec === null ? x : keyOf(spec, x), i }));
    // largest first; equal keys keep their original order, as heapq.nlargest does
    all.sort((a, b) => compareKeys(b.key, a.key) || a.i - b.i);
    return all.slice(0, k).map((e) => e.x);
}
export function mapPartitionsCall(f, part, ...extra) {
    const v = f(part, ...extra);
    const toList = (r) => {
        if (Array.isArray(r))
            return r;
        if (r !== null && typeof r === 'object' && Symbol.iterator in r && typeof r !== 'string')
            return [...r];
        throw new TypeError(`mapPartitions: the function must return an array (or iterable) of the partition's new elements, got ${typeof r}`);
    };
    return isThenable(v) ? Promise.resolve(v).then(toList) : toList(v);
}
// ---- min, max, var, std -----------------------------------------------------------------
export function minPartition(part) {
    return part.length === 0 ? EMPTY : part.reduce((a, b) => (compareKeys(b, a) < 0 ? b : a));
}
export function maxPartition(part) {
    return part.length === 0 ? EMPTY : part.reduce((a, b) => (compareKeys(b, a) > 0 ? b : a));
}
export function minOf(...xs) {
    return minPartition(xs.filter((x) => x !== EMPTY));
}
export function maxOf(...xs) {
    return maxPartition(xs.filter((x) => x !== EMPTY));
}
export function notEmpty(kind, v) {
    if (v === EMPTY)
        throw new TypeError(`${kind} of an empty bag`);
    return v;
}
/** Sum, sum of squares and count of a partition (dask's var_chunk). */
export function momentsPartition(part) {
    let s = 0;
    let s2 = 0;
    for (const x of part) {
        s += x;
        s2 += x * x;
    }
    return [s, s2, part.length];
}
export function addMoments(...ms) {
    let s = 0;
    let s2 = 0;
    let n = 0;
    for (const m of ms) {
        s += m[0];
        s2 += m[1];
        n += m[2];
    }
    return [s, s2, n];
}
/** dask's var_aggregate: E[x^2] - E[x]^2, scaled by n / (n - ddof). */
export function variance(ddof, sqrt, m) {
    const [s, s2, n] = m;
    const v = ((s2 / n - (s / n) ** 2) * n) / (n - ddof);
    return sqrt ? Math.sqrt(v) : v;
}
registerModule(import.meta.url, {
    pluckPartition,
    foldbyPartition,
    foldbyCombine,
    groupPartition,
    groupCombine,
    countPartitionItems,
    addCounts,
    distinctItems,
    topkItems,
    mapPartitionsCall,
    minPartition,
    maxPartition,
    minOf,
    maxOf,
    notEmpty,
    momentsPartition,
    addMoments,
    variance,
    mapPartition,
    filterPartition,
    flattenPartition,
    foldPartition,
    combineFolds,
    reducePartition,
    aggregateParts,
    sumPartition,
    countPartition,
    sumCountPartition,
    addPairs,
    addNumbers,
    divide,
    concatParts,
    takeFrom,
    finalizeFold,
});
//# sourceMappingURL=bag-tasks.js.map
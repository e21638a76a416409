/**
 * Reductions as tree reductions (Dask's `_tree_reduce`): one `partial` task per input block, then
 * `combine` tasks that each merge up to `splitEvery` partials along the reduced axes, level by
 * level, and one `aggregate` task per output block that combines the last few and finalises. The
 * fan-in of any task stays bounded, so reducing 8610 stacked images along axis 0 needs no task
 * that holds 8610 inputs, and the scheduler's ordering can free each image right after its partial.
 */
import { ref } from '../../graph/index.js';
import { SsdpError } from '../../util/errors.js';
import { checkOptionKeys } from '../option-keys.js';
import { ChunkedArray, layerGraph, mergeLayers, requireArray, tokenize } from './array.js';
import { isTask } from '../../graph/graph.js';
import { randomChunk } from './kernels.js';
import { blockIndices, flatIndex } from './chunks.js';
import { aggregatePartials, combinePartials, groupPartial, partialKind, partialReduce, partialStats, randomPartial, skipsNaN, reductionDType, REDUCTION_OPS, } from './reduce-kernels.js';
export const DEFAULT_SPLIT_EVERY = 16;
function normaliseAxes(axis, ndim, where) {
    if (axis === undefined || axis === null)
        return [...Array(ndim).keys()];
    const list = typeof axis === 'number' ? [axis] : [...axis];
    const out = [];
    for (const a of list) {
        if (!Number.isInteger(a) || a < -ndim || a >= ndim) {
            throw new SsdpError('E_ARRAY_AXIS', `${where}: axis ${a} is out of range for ${ndim} dimension${ndim === 1 ? '' : 's'}.`, {
                hint: `Use axes from ${-ndim} to ${ndim - 1}, or leave axis out to reduce over all of them.`,
            });
        }
        const n = a < 0 ? a + ndim : a;
        if (out.includes(n))
            throw new SsdpError('E_ARRAY_AXIS', `${where}: axis ${a} is given twice.`);
        out.push(n);
    }
    return out.sort((p, q) => p - q);
}
export function reduce(x, op, opts = {}) {
    const where = `array.${op}`;
    requireArray(x, where);
    if (!REDUCTION_OPS.includes(op))
        throw new SsdpError('E_ARRAY_ARGUMENT', `unknown reduction ${op}.`);
    checkOptionKeys(opts, ['axis', 'ddof', 'keepdims', 'splitEvery'], where);
    const axes = normaliseAxes(opts.axis, x.ndim, where);
    const ddof = opts.ddof ?? 0;
    if (!Number.isInteger(ddof) || ddof < 0)
        throw new SsdpError('E_ARRAY_ARGUMENT', `${where}: ddof must be a whole number >= 0, got ${ddof}.`);
    const splitEvery = opts.splitEvery ?? DEFAULT_SPLIT_EVERY;
    if (!Number.isInteger(splitEvery) || splitEvery < 2) {
        throw new SsdpError('E_ARRAY_ARGUMENT', `${where}: splitEvery must be a whole number >= 2, got ${splitEvery}.`);
    }
    const kind = partialKind(op);
    if ((kind === 'min' || kind === 'max') && axes.some((a) => x.shape[a] === 0)) {
        throw new SsdpError('E_ARRAY_EMPTY_REDUCTION', `${where}: zero-size array along axis ${axes.find((a) => x.shape[a] === 0)} has no ${kind}imum.`, {
            hint: 'Minimum and maximum need at least one element; check the slice that produced this array.',
        });
    }
    const keepdims = !!opts.keepdims;
    const dtype = reductionDType(op, x.dtype);
    const perAxis = Math.max(Math.floor(splitEvery ** (1 / Math.max(axes.length, 1)) + 1e-9), 2);
    const reduced = x.shape.map((_, d) => axes.includes(d));
    const token = tokenize(op, x.name, axes, ddof, keepdims, splitEvery);
    const nan = skipsNaN(op);
    const plainSum = op === 'sum' || op === 'nansum';
    // What the partials must carry: sums and counts for a mean, everything (moments, extremes) for
    // the rest. Reductions of one input made before its graph is built share one partial per chunk
    // carrying the union of their needs, so a mean alone skips the extremes and second pass while
    // mean + std + min + max together still read each chunk once.
    const treeId = tokenize(x.name, axes, splitEvery, nan);
    let needs = partialNeeds.get(x);
    if (!needs)
        partialNeeds.set(x, (needs = new Map()));
    if (!plainSum)
        needs.set(treeId, (needs.get(treeId) ?? 0) | (partialKind(op) === 'sum' ? NEED_SUMS : NEED_STATS));
    const outGrid = x.numBlocks.map((n, d) => (reduced[d] ? 1 : n));
    const chunks = x.chunks.map((c, d) => (reduced[d] ? [1] : [...c])).filter((_, d) => keepdims || !reduced[d]);
    const shape = x.shape.map((n, d) => (reduced[d] ? 1 : n)).filter((_, d) => keepdims || !reduced[d]);
    const name = `${op}-aggregate-${token}`;
    const outIdx = blockIndices(outGrid);
    const outKeys = outIdx.map((idx) => `${name}-${idx.filter((_, d) => keepdims || !reduced[d]).join('-') || '0'}`);
    // Blocks holding at most THIN elements along the reduced axes (in total) are reduced in groups.
    const thin = axes.length > 0 && axes.reduce((p, a) => p * Math.max(...x.chunks[a]), 1) <= THIN && axes.some((a) => x.numBlocks[a] > 1);
    const build = () => {
        const sums = plainSum || needs.get(treeId) === NEED_SUMS;
        // Partials and combines are shared by every statistic that can use them (same input, axes,
        // NaN rule and tree shape): their keys do not depend on the statistic.
        const family = sums ? (nan ? 'nansum' : 'sum') : nan ? 'nanstats' : 'stats';
        const sumOp = nan ? 'nansum' : 'sum';
        const ptoken = tokenize(family, x.name, axes, splitEvery);
        const g = {};
        // Level 0: one partial per input block, on the input block grid.
        let grid = [...x.numBlocks];
        const own = x.layers.get(x.name);
        const source = own ? layerGraph(own) : {};
        let keys;
        if (thin) {
            // Thin blocks (stacked images): one partial per box of `perAxis` blocks along each
            // reduced axis, so no per-block partial larger than the block itself is ever made.
            const next = grid.map((n, d) => (reduced[d] ? Math.ceil(n / perAxis) : n));
            keys = blockIndices(next).map((idx, i) => {
                const group = groupKeys(x.keys, grid, idx, (d) => (reduced[d] ? [idx[d] * perAxis, Math.min((idx[d] + 1) * perAxis, grid[d])] : [idx[d], idx[d] + 1]));
                const pk = `${family}-partial-${ptoken}-${i}`;
                g[pk] = { fn: groupPartial, args: [group.map(ref), axes, sums ? sumOp : null, nan] };
                return pk;
            });
            grid = next;
        }
        else {
            keys = x.keys.map((k, i) => {
                const pk = `${family}-partial-${ptoken}-${i}`;
                const made = Object.hasOwn(source, k) ? source[k] : undefined;
                // A random chunk is drawn inside its partial, in cache-sized slabs, rather than made whole.
                if (made !== undefined && isTask(made) && made.fn === randomChunk)
                    g[pk] = { fn: randomPartial, args: [...made.args, axes, sums ? sumOp : null, nan] };
                else
                    g[pk] = sums ? { fn: partialReduce, args: [ref(k), axes, sumOp] } : { fn: partialStats, args: [ref(k), axes, nan] };
                return pk;
            });
        }
        // Combine levels until every reduced axis has at most `perAxis` partials left; the full
        // statistics, which several reductions may share, down to one, so each statistic's
        // aggregate only finalises it instead of merging the same partials again.
        const last = sums ? perAxis : 1;
        // After thin groups the partials are larger than the blocks were: merged four at a time,
        // so few wait for their combine at once (memory), at the cost of a few more merge tasks.
        const fanIn = thin ? Math.min(perAxis, 4) : perAxis;
        let level = 1;
        while (axes.some((a) => grid[a] > last)) {
            const next = grid.map((n, d) => (reduced[d] ? Math.ceil(n / fanIn) : n));
            const nextKeys = [];
            for (const idx of blockIndices(next)) {
                const group = groupKeys(keys, grid, idx, (d) => (reduced[d] ? [idx[d] * fanIn, Math.min((idx[d] + 1) * fanIn, grid[d])] : [idx[d], idx[d] + 1]));
                const ck = `${family}-combine-${ptoken}-${level}-${idx.join('-')}`;
                g[ck] = { fn: combinePartials, args: [group.map(ref)] };
                nextKeys.push(ck);
            }
            keys = nextKeys;
            grid = next;
            level++;
        }
        // Aggregate: per output block, everything left along the reduced axes.
        outIdx.forEach((idx, i) => {
            const group = groupKeys(keys, grid, idx, (d) => (reduced[d] ? [0, grid[d]] : [idx[d], idx[d] + 1]));
            const bshape = idx.map((b, d) => (reduced[d] ? 1 : x.chunks[d][b])).filter((_, d) => keepdims || !reduced[d]);
            g[outKeys[i]] = { fn: aggregatePartials, args: [group.map(ref), op, ddof, bshape, dtype] };
        });
        return g;
    };
    return new ChunkedArray({ name, shape, chunks, dtype, keys: outKeys, layers: mergeLayers([x], [[name, build]]) });
}
const NEED_SUMS = 1;
/** A block at most this long along the reduced axes makes a partial larger than itself. */
const THIN = 4;
const NEED_STATS = 2;
/** Per input array, per partial tree (axes, splitEvery, NaN rule): what its reductions need. */
const partialNeeds = new WeakMap();
/** Keys of the blocks of `grid` in the box given per axis by `range(d) = [from, to)`. */
function groupKeys(keys, grid, _idx, range) {
    const ranges = grid.map((_, d) => range(d));
    const out = [];
    for (const rel of blockIndices(ranges.map(([a, b]) => b - a))) {
        out.push(keys[flatIndex(rel.map((r, d) => r + ranges[d][0]), grid)]);
    }
    return out;
}
//# sourceMappingURL=reductions.js.map
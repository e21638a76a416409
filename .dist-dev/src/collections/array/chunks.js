/**
 * Chunk geometry: normalising `chunks` arguments, block indices, and how a strided selection of
 * an axis maps onto its chunks. Pure functions of shapes; nothing here touches data.
 */
import { SsdpError } from '../../util/errors.js';
export function checkShape(shape, where) {
    if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
        throw new SsdpError('E_ARRAY_SHAPE', `${where}: shape must be an array of whole numbers >= 0, got ${JSON.stringify(shape)}.`, {
            hint: 'Pass e.g. { shape: [10000, 10000] }.',
        });
    }
    return [...shape];
}
export function normalizeChunks(spec, shape, where) {
    const bad = (why) => {
        throw new SsdpError('E_ARRAY_CHUNKS', `${where}: invalid chunks ${JSON.stringify(spec)} for shape [${shape.join(', ')}]: ${why}.`, {
            hint: 'Pass one chunk size (chunks: 1000), one per axis (chunks: [1000, -1]) or explicit sizes per axis (chunks: [[600, 400], [10]]).',
        });
    };
    const perAxis = spec === undefined ? shape.map(() => -1) : typeof spec === 'number' ? shape.map(() => spec) : [...spec];
    if (perAxis.length !== shape.length)
        bad(`${perAxis.length} entries for ${shape.length} axes`);
    return shape.map((n, d) => {
        const c = perAxis[d];
        if (Array.isArray(c)) {
            const sizes = c;
            if (!sizes.every((s) => Number.isInteger(s) && s >= 0))
                bad(`axis ${d} has a size that is not a whole number`);
            if (sizes.reduce((a, b) => a + b, 0) !== n)
                bad(`axis ${d} sizes add up to ${sizes.reduce((a, b) => a + b, 0)}, not ${n}`);
            if (sizes.length === 0)
                bad(`axis ${d} has no chunks`);
            return [...sizes];
        }
        const size = c === null || c === -1 ? Math.max(n, 1) : c;
        if (!Number.isInteger(size) || size <= 0)
            bad(`axis ${d} chunk size must be a whole number > 0 (or -1 for the whole axis)`);
        return regularChunks(n, size);
    });
}
/** `n` split into pieces of `size`, the last one ragged; a zero-length axis has one empty chunk. */
export function regularChunks(n, size) {
    if (n === 0)
        return [0];
    const out = [];
    for (let s = 0; s < n; s += size)
        out.push(Math.min(size, n - s));
    return out;
}
export function numBlocks(chunks) {
    return chunks.map((c) => c.length);
}
/** Start offsets of the chunks of one axis. */
export function offsets(sizes) {
    const out = [];
    let acc = 0;
    for (const s of sizes) {
        out.push(acc);
        acc += s;
    }
    return out;
}
/** Every block index of a grid, in C order. */
export function blockIndices(grid) {
    const out = [];
    const total = grid.reduce((a, b) => a * b, 1);
    const idx = new Array(grid.length).fill(0);
    for (let i = 0; i < total; i++) {
        out.push([...idx]);
        for (let d = grid.length - 1; d >= 0; d--) {
            if (++idx[d] < grid[d])
                break;
            idx[d] = 0;
        }
    }
    return out;
}
export function flatIndex(idx, grid) {
    let f = 0;
    for (let d = 0; d < grid.length; d++)
        f = f * grid[d] + idx[d];
    return f;
}
/** `slice(start, stop, step)` as in Python: `slice(0, null, 2)`, `slice(null, null, -1)`. */
export function slice(start = null, stop = null, step = null) {
    return { start, stop, step };
}
export function isSlice(x) {
    return typeof x === 'object' && x !== null && 'start' in x && 'stop' in x && 'step' in x;
}
export function resolveSlice(s, n, axis) {
    const step = s.step ?? 1;
    if (!Number.isInteger(step) || step === 0) {
        throw new SsdpError('E_ARRAY_INDEX', `slice step on axis ${axis} must be a non-zero whole number, got ${s.step}.`);
    }
    for (const v of [s.start, s.stop]) {
        if (v !== null && !Number.isInteger(v)) {
            throw new SsdpError('E_ARRAY_INDEX', `slice bounds on axis ${axis} must be whole numbers or null, got ${v}.`);
        }
    }
    const clamp = (v, dflt, lo, hi) => {
        if (v === null)
            return dflt;
        const w = v < 0 ? v + n : v;
        return Math.min(Math.max(w, lo), hi);
    };
    let start;
    let stop;
    if (step > 0) {
        start = clamp(s.start, 0, 0, n);
        stop = clamp(s.stop, n, 0, n);
    }
    else {
        start = clamp(s.start, n - 1, -1, n - 1);
        stop = clamp(s.stop, -1, -1, n - 1);
        // An explicit negative stop below -n means "before the first element".
        if (s.stop !== null && s.stop + n < 0)
            stop = -1;
    }
    const count = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
    return { start, step, count };
}
export function resolveIndex(i, n, axis) {
    if (!Number.isInteger(i) || i < -n || i >= n) {
        throw new SsdpError('E_ARRAY_INDEX', `index ${i} is out of bounds for axis ${axis} with size ${n}.`, {
            hint: `Use an index from ${-n} to ${n - 1}.`,
        });
    }
    return i < 0 ? i + n : i;
}
/**
 * Splits a resolved selection of an axis by the input chunks, in output order (so a negative
 * step walks the chunks backwards). An empty selection still yields one empty piece so the
 * output has a (zero-length) chunk on this axis.
 */
export function slicePieces(sel, sizes) {
    if (sel.count === 0)
        return [{ block: 0, start: 0, step: sel.step, count: 0 }];
    const offs = offsets(sizes);
    const pieces = [];
    for (let b = 0; b < sizes.length; b++) {
        const c0 = offs[b];
        const c1 = c0 + sizes[b];
        if (c1 === c0)
            continue;
        // k such that c0 <= start + k*step <= c1 - 1, within [0, count).
        let kLo;
        let kHi;
        if (sel.step > 0) {
            kLo = Math.ceil((c0 - sel.start) / sel.step);
            kHi = Math.floor((c1 - 1 - sel.start) / sel.step);
        }
        else {
            kLo = Math.ceil((c1 - 1 - sel.start) / sel.step);
            kHi = Math.floor((c0 - sel.start) / sel.step);
        }
        kLo = Math.max(kLo, 0);
        kHi = Math.min(kHi, sel.count - 1);
        if (kLo > kHi)
            continue;
        pieces.push({ block: b, start: sel.start + kLo * sel.step - c0, step: sel.step, count: kHi - kLo + 1, k0: kLo });
    }
    pieces.sort((p, q) => p.k0 - q.k0);
    return pieces.map(({ block, start, step, count }) => ({ block, start, step, count }));
}
// ---------------------------------------------------------------------------------------------
// Unknown chunk sizes
/**
 * Whether an axis (or any axis) holds chunks of unknown size (NaN, as Dask's after a boolean
 * mask): their lengths are only known once the blocks are computed.
 */
export function hasUnknown(chunks) {
    return chunks.some((c) => (typeof c === 'number' ? Number.isNaN(c) : c.some(Number.isNaN)));
}
/** The error Dask raises (as a ValueError) for an operation that needs chunk sizes it does not have. */
export function unknownChunksError(where) {
    return new SsdpError('E_ARRAY_UNKNOWN_CHUNKS', `${where}: the array's chunk sizes are unknown (NaN), as after indexing with a boolean mask.`, {
        hint: 'Call `await x.computeChunkSizes()` first (Dask\'s compute_chunk_sizes), or compute the array.',
    });
}
/** The shape a block promised as `shape` really has, given its value count (one unknown extent at most). */
export function resolveBlockShape(shape, length) {
    const unknown = shape.filter((s) => Number.isNaN(s)).length;
    if (unknown === 0)
        return [...shape];
    const known = shape.reduce((a, s) => (Number.isNaN(s) ? a : a * s), 1);
    if (unknown > 1 && length !== 0) {
        throw new SsdpError('E_ARRAY_UNKNOWN_CHUNKS', `a block of shape [${shape.join(', ')}] has more than one axis of unknown length.`, {
            hint: 'Index with one boolean mask at a time and call computeChunkSizes() in between.',
        });
    }
    return shape.map((s) => (Number.isNaN(s) ? (known === 0 ? 0 : length / known) : s));
}
//# sourceMappingURL=chunks.js.map
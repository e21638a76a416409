/**
 * Plain reference loops the array tests compare against: NumPy's definitions written out
 * element by element, sharing no code with src/collections/array.
 */
function stridesOf(shape) {
    const st = [];
    let acc = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
        st[d] = acc;
        acc *= shape[d];
    }
    return st;
}
function allIndices(shape) {
    let out = [[]];
    for (const n of shape) {
        const next = [];
        for (const prefix of out)
            for (let i = 0; i < n; i++)
                next.push([...prefix, i]);
        out = next;
    }
    return out;
}
/** The values a reduction sees for each output element, then NumPy's formula on them. */
export function refReduce(data, shape, axes, op, ddof = 0) {
    const st = stridesOf(shape);
    const kept = shape.map((_, d) => d).filter((d) => !axes.includes(d));
    const outShape = kept.map((d) => shape[d]);
    const values = [];
    for (const oi of allIndices(outShape)) {
        const xs = [];
        for (const ri of allIndices(axes.map((d) => shape[d]))) {
            const full = [];
            kept.forEach((d, k) => (full[d] = oi[k]));
            axes.forEach((d, k) => (full[d] = ri[k]));
            xs.push(data[full.reduce((o, i, d) => o + i * st[d], 0)]);
        }
        values.push(formula(op, xs, ddof));
    }
    return { shape: outShape, values };
}
function formula(op, all, ddof) {
    const nan = op.startsWith('nan');
    const xs = nan ? all.filter((v) => !Number.isNaN(v)) : all;
    const base = nan ? op.slice(3) : op;
    const n = xs.length;
    let s = 0;
    for (const v of xs)
        s += v;
    switch (base) {
        case 'sum':
            return s;
        case 'mean':
            return n === 0 ? NaN : s / n;
        case 'min':
        case 'max': {
            if (n === 0 || xs.some((v) => Number.isNaN(v)))
                return NaN;
            let e = xs[0];
            for (const v of xs)
                e = base === 'min' ? Math.min(e, v) : Math.max(e, v);
            return e;
        }
        case 'var':
        case 'std': {
            if (n - ddof <= 0)
                return NaN;
            const m = s / n;
            let q = 0;
            for (const v of xs)
                q += (v - m) * (v - m);
            const variance = q / (n - ddof);
            return base === 'std' ? Math.sqrt(variance) : variance;
        }
    }
    throw new Error(`no reference for ${op}`);
}
/** CPython's PySlice_AdjustIndices, then the indices it selects. */
export function pySliceIndices(n, start, stop, step) {
    const st = step ?? 1;
    let a;
    let b;
    if (start === null)
        a = st < 0 ? n - 1 : 0;
    else {
        a = start;
        if (a < 0) {
            a += n;
            if (a < 0)
                a = st < 0 ? -1 : 0;
        }
        else if (a >= n)
            a = st < 0 ? n - 1 : n;
    }
    if (stop === null)
        b = st < 0 ? -1 : n;
    else {
        b = stop;
        if (b < 0) {
            b += n;
            if (b < 0)
                b = st < 0 ? -1 : 0;
        }
        else if (b >= n)
            b = st < 0 ? n - 1 : n;
    }
    const out = [];
    if (st > 0)
        for (let i = a; i < b; i += st)
            out.push(i);
    else
        for (let i = a; i > b; i += st)
            out.push(i);
    return out;
}
/** Element-wise closeness with NaN == NaN, relative tolerance for float32 results. */
export function close(actual, expected, rel = 1e-5) {
    if (actual.length !== expected.length)
        return `length ${actual.length} != ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
        const a = actual[i];
        const e = expected[i];
        if (Number.isNaN(e) || Number.isNaN(a)) {
            if (Number.isNaN(e) !== Number.isNaN(a))
                return `at ${i}: ${a} vs ${e}`;
            continue;
        }
        // |inf - (-inf)| > tol is false, so infinities must match exactly
        if ((!Number.isFinite(a) || !Number.isFinite(e)) && a !== e)
            return `at ${i}: ${a} vs ${e}`;
        if (Math.abs(a - e) > rel * Math.max(1, Math.abs(e)))
            return `at ${i}: ${a} vs ${e}`;
    }
    return undefined;
}
//# sourceMappingURL=array-reference.js.map
/**
 * Per-pixel statistics over many images as mergeable partials: count, mean and M2 (sum of squared
 * deviations) in float64, updated with Welford's step per image and merged with Chan et al.'s
 * formula, plus min and max. One task per day builds a partial, partials merge in any tree order,
 * and finalising gives NumPy's nanmin, nanmax, nanmean and nanstd (ddof 0): NaN where a pixel never
 * had a value. The memory is a few arrays of one image's size, whatever the number of images.
 */
export function emptyPartial(size) {
    return {
        size,
        count: new Uint32Array(size),
        mean: new Float64Array(size),
        m2: new Float64Array(size),
        min: new Float32Array(size).fill(Infinity),
        max: new Float32Array(size).fill(-Infinity),
    };
}
/** Folds one image of values into a partial (NaN values are skipped). */
export function accumulate(p, values) {
    const { count, mean, m2, min, max } = p;
    for (let i = 0; i < p.size; i++) {
        const v = values[i];
        if (v !== v)
            continue;
        const n = ++count[i];
        const d = v - mean[i];
        const m = mean[i] + d / n;
        mean[i] = m;
        m2[i] += d * (v - m);
        if (v < min[i])
            min[i] = v;
        if (v > max[i])
            max[i] = v;
    }
}
/** Combines two partials over disjoint sets of images (a new partial; inputs unchanged). */
export function mergePartials(a, b) {
    if (a.size !== b.size)
        throw new Error(`mergePartials: partials of ${a.size} and ${b.size} pixels`);
    const out = emptyPartial(a.size);
    for (let i = 0; i < a.size; i++) {
        const na = a.count[i], nb = b.count[i];
        const n = na + nb;
        out.count[i] = n;
        if (nb === 0) {
            out.mean[i] = a.mean[i];
            out.m2[i] = a.m2[i];
        }
        else if (na === 0) {
            out.mean[i] = b.mean[i];
            out.m2[i] = b.m2[i];
        }
        else {
            const d = b.mean[i] - a.mean[i];
            out.mean[i] = a.mean[i] + (d * nb) / n;
            out.m2[i] = a.m2[i] + b.m2[i] + (d * d * na * nb) / n;
        }
        out.min[i] = Math.min(a.min[i], b.min[i]);
        out.max[i] = Math.max(a.max[i], b.max[i]);
    }
    return out;
}
/** Merges any number of partials pairwise, as a balanced tree. */
export function mergeAll(parts) {
    if (parts.length === 0)
        throw new Error('mergeAll: no partials');
    let level = parts;
    while (level.length > 1) {
        const next = [];
        for (let i = 0; i < level.length; i += 2)
            next.push(i + 1 < level.length ? mergePartials(level[i], level[i + 1]) : level[i]);
        level = next;
    }
    return level[0];
}
/** The four statistics as float32 maps; NaN where a pixel never had a value. */
export function finalizeStats(p) {
    const nanmin = new Float32Array(p.size), nanmax = new Float32Array(p.size);
    const nanmean = new Float32Array(p.size), nanstd = new Float32Array(p.size);
    for (let i = 0; i < p.size; i++) {
        const n = p.count[i];
        if (n === 0) {
            nanmin[i] = nanmax[i] = nanmean[i] = nanstd[i] = NaN;
            continue;
        }
        nanmin[i] = p.min[i];
        nanmax[i] = p.max[i];
        nanmean[i] = p.mean[i];
        nanstd[i] = Math.sqrt(Math.max(0, p.m2[i] / n));
    }
    return { nanmin, nanmax, nanmean, nanstd };
}
//# sourceMappingURL=stats.js.map
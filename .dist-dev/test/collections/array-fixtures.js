let loads = 0;
/** Number of `syntheticImage` calls in this realm (sync scheduler: the test's own). */
export function loadCount() {
    return loads;
}
/**
 * A deterministic "radar image" for (day, i): a smooth field with NaN holes where the value
 * would be a multiple of 7 — some pixels NaN in every image (all-NaN columns after stacking).
 */
export function syntheticImage(day, i, h, w) {
    loads++;
    const out = new Float32Array(h * w);
    for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
            const v = Math.sin(0.3 * x + 0.1 * day) * Math.cos(0.2 * y + 0.05 * i) * 10 + i;
            out[y * w + x] = x === 0 ? NaN : (x * 31 + y * 17 + i) % 7 === 0 ? NaN : v;
        }
    }
    return out;
}
/** A mapBlocks function: `a * factor + offset`, kept in float64. */
export function affineBlock(a, factor, offset) {
    const data = new Float64Array(a.data.length);
    for (let i = 0; i < data.length; i++)
        data[i] = a.data[i] * factor + offset;
    return { shape: a.shape, dtype: 'float64', data };
}
//# sourceMappingURL=array-fixtures.js.map
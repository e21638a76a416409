/**
 * The test data the array tests share with Python: the same values by the same formula in both
 * languages (negatives, repeats and quarter fractions, so sums are exact in float64).
 */
import { ndarray } from '../../src/collections/array/index.js';
export function values(shape) {
    const n = shape.reduce((a, b) => a * b, 1);
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++)
        d[i] = ((i * 7) % 13) - 4.5 + (i % 3) * 0.25;
    return ndarray(d, shape);
}
/** Python's `values(shape)` (imports numpy as np). */
export const PY_VALUES = `
import numpy as np
def values(shape):
    i = np.arange(int(np.prod(shape)))
    return (((i * 7) % 13) - 4.5 + (i % 3) * 0.25).reshape(shape)
`;
//# sourceMappingURL=array-values.js.map
/**
 * The test data the array tests share with Python: the same values by the same formula in both
 * languages (negatives, repeats and quarter fractions, so sums are exact in float64).
 */
import { type NDArray } from '../../src/collections/array/index.js';
export declare function values(shape: number[]): NDArray;
/** Python's `values(shape)` (imports numpy as np). */
export declare const PY_VALUES = "\nimport numpy as np\ndef values(shape):\n    i = np.arange(int(np.prod(shape)))\n    return (((i * 7) % 13) - 4.5 + (i % 3) * 0.25).reshape(shape)\n";

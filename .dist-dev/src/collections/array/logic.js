import { binary } from './elementwise.js';
import { reduce } from './reductions.js';
export function compare(op, a, b) {
    return binary(op, a, b);
}
export function logical(op, a, b) {
    return binary(op, a, b);
}
/**
 * any: some value along the axes is non-zero; all: none is zero. Counted as sums of a bool
 * array, so an empty axis gives false (any) and true (all), and NaN counts as true, as NumPy.
 */
export function anyAll(kind, x, opts = {}) {
    const hits = reduce(binary(kind === 'any' ? 'ne' : 'eq', x, 0), 'sum', opts);
    return kind === 'any' ? binary('gt', hits, 0) : binary('eq', hits, 0);
}
//# sourceMappingURL=logic.js.map
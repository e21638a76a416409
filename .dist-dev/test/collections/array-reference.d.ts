/**
 * Plain reference loops the array tests compare against: NumPy's definitions written out
 * element by element, sharing no code with src/collections/array.
 */
export interface Dense {
    shape: number[];
    values: number[];
}
/** The values a reduction sees for each output element, then NumPy's formula on them. */
export declare function refReduce(data: ArrayLike<number>, shape: number[], axes: number[], op: string, ddof?: number): Dense;
/** CPython's PySlice_AdjustIndices, then the indices it selects. */
export declare function pySliceIndices(n: number, start: number | null, stop: number | null, step: number | null): number[];
/** Element-wise closeness with NaN == NaN, relative tolerance for float32 results. */
export declare function close(actual: ArrayLike<number>, expected: ArrayLike<number>, rel?: number): string | undefined;

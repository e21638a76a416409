/** `bool` is stored as a Uint8Array holding only 0 and 1 (NumPy's bool is one byte too). */
export type DType = 'float32' | 'float64' | 'int8' | 'int16' | 'int32' | 'uint8' | 'uint16' | 'uint32' | 'bool';
export type TypedArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;
export interface NDArray {
    readonly shape: number[];
    readonly dtype: DType;
    /** C-order (row-major) values; length is the product of `shape`. */
    readonly data: TypedArray;
}
export declare const DTYPES: DType[];
export declare function isDType(x: unknown): x is DType;
export declare function checkDType(x: unknown, where: string): DType;
export declare function itemSize(dtype: DType): number;
export declare function isFloat(dtype: DType): boolean;
export declare function allocate(dtype: DType, length: number): TypedArray;
/**
 * `src` copied into a new array of `dtype`. To bool every non-zero value (NaN too, as NumPy's
 * `bool(nan)`) becomes 1; otherwise a typed-array store (float to int truncates).
 */
export declare function convert(src: TypedArray | readonly number[], dtype: DType): TypedArray;
export declare function dtypeOf(data: TypedArray): DType;
export declare function sizeOf(shape: readonly number[]): number;
/** Element strides (not bytes) of a C-order array. */
export declare function stridesOf(shape: readonly number[]): number[];
export declare function empty(shape: readonly number[], dtype?: DType): NDArray;
export declare function full(shape: readonly number[], value: number, dtype?: DType): NDArray;
/**
 * Wraps a typed array (not copied) or a plain number array (copied into `dtype`, float64 by
 * default) with a shape; the shape defaults to one dimension.
 */
export declare function ndarray(data: TypedArray | readonly number[], shape?: readonly number[], dtype?: DType): NDArray;
/** Reads one element by its (non-negative) index along every axis. */
export declare function at(a: NDArray, ...index: number[]): number;
/** Nested plain JavaScript arrays, like NumPy's `tolist()` (bool values as true/false). */
export declare function toNested(a: NDArray): unknown;
/** Converts values to another dtype (a copy; float to int truncates like a typed-array store). */
export declare function astype(a: NDArray, dtype: DType): NDArray;

import { type DType, type NDArray } from './ndarray.js';
export interface NpyHeader {
    descr: string;
    dtype: DType;
    shape: number[];
    /** Byte offset of the first value. */
    offset: number;
    /** Bytes per stored value. */
    itemsize: number;
}
/** The header bytes for an array of `dtype` and `shape` (padded to 64 bytes, as NumPy). */
export declare function npyHeader(dtype: DType, shape: readonly number[]): Uint8Array;
/** Reads and checks the header of `path`. */
export declare function readNpyHeader(path: string): NpyHeader;
/** Writes one block into the (pre-sized) file at its place; returns the bytes written. */
export declare function writeNpyBlock(block: NDArray, path: string, offset: number, shape: number[], start: number[], dtype: DType): number;
/** Reads one block of `bshape` at `start` from a .npy file described by `h`. */
export declare function readNpyBlock(path: string, h: NpyHeader, start: number[], bshape: number[]): NDArray;

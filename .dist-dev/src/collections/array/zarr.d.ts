import { type GetOptions } from '../../graph/index.js';
import { ChunkedArray } from './array.js';
import { type ChunksSpec } from './chunks.js';
import { type DType, type NDArray } from './ndarray.js';
import { type StoreTarget } from './store.js';
export interface ZarrOptions {
    /** Zarr format version: 2 or 3 (default 3). */
    format?: 2 | 3;
    /** Convert to this dtype on the way. */
    dtype?: DType;
    /** Replace a zarr array already at the path (never a folder that is not a zarr array). */
    overwrite?: boolean;
}
/** Writes one block as the zarr chunk at `idx` (the block is that chunk, or the edge part of it). */
export declare function writeZarrBlock(block: NDArray, path: string, idx: number[], chunkShape: number[], dtype: DType): Promise<number>;
/**
 * Reads the region of one block (its corner `start`, its `shape`) from the zarr array at `path`,
 * chunk by chunk: each chunk's own strides are followed (order F stores), and a chunk file cut
 * short or failing to decode is E_ARRAY_ZARR naming the file (zarr raises, never gives garbage).
 */
export declare function readZarrBlock(path: string, start: number[], shape: number[], dtype: DType): Promise<NDArray>;
/**
 * A zarr array at `path` (a folder, replaced only once every chunk is written). An existing zarr
 * array is replaced only with `overwrite: true`; a file or a folder of other files never is.
 */
export declare function zarrTarget(path: string, opts?: ZarrOptions): StoreTarget;
/** Writes `x` as a zarr v3 (default) or v2 array at `path`, one zarr chunk per block, in parallel. */
export declare function toZarr(x: ChunkedArray, path: string, opts?: ZarrOptions & GetOptions): Promise<void>;
/**
 * A chunked array read lazily from a zarr v2 or v3 array (each block reads its region when
 * computed); chunks default to the store's own. zarr's int64/uint64 are read as float64.
 */
export declare function fromZarr(path: string, opts?: {
    chunks?: ChunksSpec;
}): Promise<ChunkedArray>;

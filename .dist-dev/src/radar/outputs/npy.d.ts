export type NpyArray = Float32Array | Float64Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;
export declare function descrOf(data: NpyArray): string;
/** The complete header (magic through '\n') numpy.save would write for this dtype and shape. */
export declare function npyHeader(descr: string, shape: readonly number[]): Uint8Array;
/** Writes one array as a .npy file (atomically). */
export declare function writeNpy(path: string, data: NpyArray, shape: readonly number[]): Promise<void>;
/**
 * Streams an array along its first axis: append slabs of `innerShape` one at a time, then
 * `close()` writes the final count into the header and renames the file into place. Memory stays
 * one slab, whatever the count.
 */
export interface NpyWriter {
    append(slab: NpyArray): Promise<void>;
    /** Number of slabs appended so far. */
    readonly count: number;
    close(): Promise<void>;
    abort(): Promise<void>;
}
export declare function createNpyWriter(path: string, descr: string, innerShape: readonly number[]): Promise<NpyWriter>;
export interface NpyContent {
    descr: string;
    shape: number[];
    fortranOrder: boolean;
    data: NpyArray;
}
/** Reads a .npy file of a little-endian numeric dtype (versions 1.0, 2.0, 3.0). */
export declare function readNpy(path: string): Promise<NpyContent>;
/** Reads only the header (dtype, shape) without loading the data. */
export declare function readNpyHeader(path: string): Promise<{
    descr: string;
    shape: number[];
}>;

export interface NpyArray {
    shape: number[];
    dtype: string;
    data: Float32Array | Float64Array | Uint8Array;
}
export declare function readNpy(path: string): NpyArray;

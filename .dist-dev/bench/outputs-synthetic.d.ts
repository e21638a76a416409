/**
 * Synthetic inputs for the outputs benchmark and tests: frames that look like radar rain (cells
 * that move and change, zero rain between them, NaN outside a few radar circles) and their
 * statistics. Deterministic for a seed. Not the pipeline's synthetic source (src/radar has that):
 * only shaped enough to exercise the writers with realistic compression.
 */
export interface SyntheticOutputs {
    frames: Float32Array[];
    timestamps: Date[];
    stats: {
        nanmin: Float32Array;
        nanmax: Float32Array;
        nanmean: Float32Array;
        nanstd: Float32Array;
    };
}
export declare function syntheticOutputs(nFrames: number, opts?: {
    rows?: number;
    cols?: number;
    seed?: number;
    start?: Date;
}): SyntheticOutputs;

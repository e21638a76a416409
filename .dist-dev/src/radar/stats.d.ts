/**
 * Per-pixel statistics over many images as mergeable partials: count, mean and M2 (sum of squared
 * deviations) in float64, updated with Welford's step per image and merged with Chan et al.'s
 * formula, plus min and max. One task per day builds a partial, partials merge in any tree order,
 * and finalising gives NumPy's nanmin, nanmax, nanmean and nanstd (ddof 0): NaN where a pixel never
 * had a value. The memory is a few arrays of one image's size, whatever the number of images.
 */
export interface StatsPartial {
    /** Pixels per image. */
    size: number;
    /** Non-NaN values seen per pixel. */
    count: Uint32Array;
    mean: Float64Array;
    m2: Float64Array;
    /** +Infinity / -Infinity where count is 0. */
    min: Float32Array;
    max: Float32Array;
}
export interface Statistics {
    nanmin: Float32Array;
    nanmax: Float32Array;
    nanmean: Float32Array;
    nanstd: Float32Array;
}
export declare function emptyPartial(size: number): StatsPartial;
/** Folds one image of values into a partial (NaN values are skipped). */
export declare function accumulate(p: StatsPartial, values: Float32Array): void;
/** Combines two partials over disjoint sets of images (a new partial; inputs unchanged). */
export declare function mergePartials(a: StatsPartial, b: StatsPartial): StatsPartial;
/** Merges any number of partials pairwise, as a balanced tree. */
export declare function mergeAll(parts: StatsPartial[]): StatsPartial;
/** The four statistics as float32 maps; NaN where a pixel never had a value. */
export declare function finalizeStats(p: StatsPartial): Statistics;

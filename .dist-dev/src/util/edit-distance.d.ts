/**
 * Edit distance of two short strings (names, options): for did-you-mean suggestions. Plain
 * Levenshtein by default; with `transpositions`, swapping two neighbours counts as one edit
 * (optimal string alignment), as typed command-line options often are (`--dyr-run`).
 */
export declare function editDistance(a: string, b: string, opts?: {
    transpositions?: boolean;
}): number;

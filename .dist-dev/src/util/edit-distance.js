/**
 * Edit distance of two short strings (names, options): for did-you-mean suggestions. Plain
 * Levenshtein by default; with `transpositions`, swapping two neighbours counts as one edit
 * (optimal string alignment), as typed command-line options often are (`--dyr-run`).
 */
export function editDistance(a, b, opts = {}) {
    if (a === b)
        return 0;
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++)
        d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            if (opts.transpositions && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}
//# sourceMappingURL=edit-distance.js.map
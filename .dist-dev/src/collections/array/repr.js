import { itemSize } from './ndarray.js';
/** Decimal units as in the lecture's table (3.59 GB, 416.42 kB). */
export function formatBytes(n) {
    const units = [
        [1e15, 'PB'],
        [1e12, 'TB'],
        [1e9, 'GB'],
        [1e6, 'MB'],
        [1e3, 'kB'],
    ];
    for (const [f, u] of units)
        if (n >= f * 0.9)
            return `${(n / f).toFixed(2)} ${u}`;
    return `${n} B`;
}
function tuple(xs) {
    return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`;
}
export function summarize(a) {
    const chunkShape = a.chunksize;
    return {
        bytes: a.nbytes,
        chunkBytes: chunkShape.reduce((x, y) => x * y, 1) * itemSize(a.dtype),
        shape: a.shape,
        chunkShape,
        tasks: a.taskCount,
        chunks: a.npartitions,
        dtype: a.dtype,
    };
}
export function formatText(a) {
    const s = summarize(a);
    const rows = [
        ['', 'Array', 'Chunk'],
        ['Bytes', formatBytes(s.bytes), formatBytes(s.chunkBytes)],
        ['Shape', tuple(s.shape), tuple(s.chunkShape)],
        ['Count', `${s.tasks} Tasks`, `${s.chunks} Chunks`],
        ['Type', s.dtype, 'ndarray'],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    const head = `ssdp.array<${a.name.replace(/-[0-9a-f]{6,}.*$/, '')}, shape=${tuple(s.shape)}, dtype=${s.dtype}, chunksize=${tuple(s.chunkShape)}>`;
    return [head, ...rows.map((r) => `  ${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`.trimEnd())].join('\n');
}
function esc(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** An SVG of the chunk grid of the last two axes (a line of chunks for 1-D arrays). */
export function chunkGridSVG(a, size = 120) {
    if (a.ndim === 0)
        return '';
    const rowsC = a.ndim >= 2 ? a.chunks[a.ndim - 2] : [1];
    const colsC = a.chunks[a.ndim - 1];
    const H = Math.max(rowsC.reduce((x, y) => x + y, 0), 1);
    const W = Math.max(colsC.reduce((x, y) => x + y, 0), 1);
    const scale = size / Math.max(H, W);
    const w = Math.max(W * scale, 4);
    const h = a.ndim >= 2 ? Math.max(H * scale, 4) : 24;
    const lines = [];
    // Too many lines turn into a solid block; Dask draws at most ~100 per axis too.
    const cuts = (sizes, total, len) => {
        const out = [];
        let acc = 0;
        const stepEvery = Math.ceil(sizes.length / 100);
        sizes.forEach((s, i) => {
            acc += s;
            if (i < sizes.length - 1 && i % stepEvery === 0)
                out.push((acc / total) * len);
        });
        return out;
    };
    for (const y of cuts(rowsC, H, h))
        lines.push(`<line x1="0" y1="${y.toFixed(1)}" x2="${w.toFixed(1)}" y2="${y.toFixed(1)}"/>`);
    for (const x of cuts(colsC, W, w))
        lines.push(`<line x1="${x.toFixed(1)}" y1="0" x2="${x.toFixed(1)}" y2="${h.toFixed(1)}"/>`);
    return (`<svg width="${(w + 2).toFixed(0)}" height="${(h + 2).toFixed(0)}" viewBox="-1 -1 ${(w + 2).toFixed(1)} ${(h + 2).toFixed(1)}" style="stroke:black;stroke-width:0.5">` +
        `<rect x="0" y="0" width="${w.toFixed(1)}" height="${h.toFixed(1)}" style="fill:#ECB172A0;stroke-width:1.5"/>` +
        lines.join('') +
        `</svg>`);
}
export function formatHTML(a) {
    const s = summarize(a);
    const row = (label, x, y) => `<tr><th>${label}</th><td>${esc(x)}</td><td>${esc(y)}</td></tr>`;
    return ('<table class="ssdp-array"><tr><td><table>' +
        '<thead><tr><td></td><th>Array</th><th>Chunk</th></tr></thead><tbody>' +
        row('Bytes', formatBytes(s.bytes), formatBytes(s.chunkBytes)) +
        row('Shape', tuple(s.shape), tuple(s.chunkShape)) +
        row('Count', `${s.tasks} Tasks`, `${s.chunks} Chunks`) +
        row('Type', s.dtype, 'ndarray') +
        '</tbody></table></td><td>' +
        chunkGridSVG(a) +
        '</td></tr></table>');
}
//# sourceMappingURL=repr.js.map
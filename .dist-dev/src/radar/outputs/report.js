import { STAT_NAMES, STAT_TITLES as TITLES } from './types.js';
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const num = (v, digits = 4) => (v === null ? '–' : Number.isInteger(v) ? String(v) : v.toPrecision(digits));
function bytes(n) {
    if (n === null)
        return '';
    if (n < 1024)
        return `${n} B`;
    if (n < 1024 * 1024)
        return `${(n / 1024).toFixed(1)} KiB`;
    return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const when = (iso) => iso.slice(0, 16).replace('T', ' ');
function table(head, rows, cls = '') {
    return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>` +
        `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}
const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.sub{color:#666;margin-top:0}figure{margin:0}figcaption{color:#555;font-size:.9rem}
.maps{display:grid;grid-template-columns:repeat(auto-fill,minmax(28rem,1fr));gap:1.2rem}
.maps img{width:100%;height:auto;border:1px solid #ddd}.gif img{max-width:100%;height:auto;image-rendering:pixelated;border:1px solid #ddd}
.warn{background:#fff4ce;border-left:4px solid #e0a800;padding:.6rem .9rem;margin:1rem 0}
table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.25rem .7rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
th{background:#f6f6f6}span.n{display:block;text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;height:.8rem;background:#b63679;vertical-align:middle}
code{background:#f3f3f3;padding:0 .2rem}`;
export function renderReport(s) {
    const total = s.timings.reduce((a, t) => Math.max(a, t.seconds), 0) || 1;
    const timingRows = s.timings.map((t) => [
        esc(t.stage),
        `<span class="n">${t.seconds.toFixed(3)}</span>`,
        `<span class="bar" style="width:${Math.max(1, Math.round((t.seconds / total) * 240))}px"></span>`,
    ]);
    const overview = [
        ['Frames', esc(s.counts.frames)],
        ['Input images', esc(s.counts.images ?? '–')],
        ['Days used', esc(s.counts.daysUsed)],
        ['Days skipped', esc(s.counts.daysSkipped)],
        ['Data', esc(s.source.description)],
        ['Period (UTC)', `${esc(when(s.period.firstFrameStart))} – ${esc(when(s.period.lastFrameEnd))}`],
        ['Frame length', `${esc(s.period.frameMinutes)} min`],
        ['Grid', `${s.grid.rows} × ${s.grid.cols}, ${esc(s.grid.crs)}, pixel ${esc(s.grid.pixelSizeX)} m, upper-left E ${esc(s.grid.originE)} N ${esc(s.grid.originN)}`],
    ];
    const skipped = s.days.skipped.length
        ? `<h2>Skipped days</h2>${table(['day', 'reason'], s.days.skipped.map((d) => [esc(d.day), esc(d.reason ?? '')]))}`
        : '';
    const params = Object.entries(s.parameters);
    const ranges = ['frames', ...STAT_NAMES].map((k) => {
        const r = s.valueRanges[k];
        const scale = 'colorScale' in r ? `${r.colorScale.lo}–${r.colorScale.hi}` : '';
        return [esc(k), `<span class="n">${num(r.min)}</span>`, `<span class="n">${num(r.max)}</span>`, `<span class="n">${num(r.mean)}</span>`, `<span class="n">${r.nan}</span>`, esc(scale)];
    });
    // thumbnails are the full maps shrunk by the browser; each links to its full-size image
    const maps = STAT_NAMES.map((k) => `<figure><a href="${k}.png"><img src="${k}.png" alt="${esc(TITLES[k])}, ${esc(s.period.label)}"></a><figcaption>${esc(TITLES[k])} · <a href="${k}.png">full size</a> · <a href="${k}.npy">${k}.npy</a> · <a href="${k}.tif">${k}.tif</a></figcaption></figure>`).join('\n');
    const warnings = s.warnings.map((w) => `<p class="warn"><strong>Warning:</strong> ${esc(w)}</p>`).join('\n');
    const perf = typeof s.run?.['performanceReport'] === 'string' ? s.run['performanceReport'].split(/[\\/]/).map(encodeURIComponent).join('/') : undefined;
    const files = s.outputs.map((o) => [`<a href="${esc(o.file)}">${esc(o.file)}</a>`, `<span class="n">${bytes(o.bytes)}</span>`, esc(o.description)]);
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Precipitation ${esc(s.period.label)} from ${esc(s.source.description)}</title><style>${CSS}</style></head>
<body>
<h1>Precipitation ${esc(s.period.label)}, from ${esc(s.source.description)}</h1>
<p class="sub">Generated ${esc(s.generatedAt)} by ssdp · ${plural(s.counts.frames, 'frame')} from ${plural(s.counts.daysUsed, 'day')}</p>
${warnings}
<h2>Animation</h2>
<figure class="gif"><a href="${esc(s.gif.file)}"><img src="${esc(s.gif.file)}" width="${s.gif.width * 2}" height="${s.gif.height * 2}" alt="animated rain rate"></a><figcaption>${s.gif.frames} frames at ${s.gif.framesPerSecond} frames/s, magma on a log scale ${s.gif.colorScale.lo}–${s.gif.colorScale.hi} mm/h; black = no rain, white = no data, cyan = coastlines, green = national borders.</figcaption></figure>
<h2>Statistics over all images</h2>
<div class="maps">
${maps}
</div>
<h2>Run</h2>
${table(['', ''], overview.map(([k, v]) => [esc(k), v]))}
${perf ? `<p>How the run went (task stream, workers, memory over time): <a id="performance-report" href="${esc(perf)}">performance report</a></p>` : ''}
${skipped}
<h2>Timings</h2>
${table(['stage', 'seconds', ''], timingRows)}
<h2>Value ranges (mm/h)</h2>
${table(['array', 'min', 'max', 'mean', 'NaN', 'colour scale'], ranges)}
${params.length ? `<h2>Parameters</h2>${table(['parameter', 'value'], params.map(([k, v]) => [esc(k), `<code>${esc(typeof v === 'string' ? v : JSON.stringify(v))}</code>`]))}` : ''}
<h2>Files</h2>
${table(['file', 'size', 'content'], files)}
</body></html>
`;
}
//# sourceMappingURL=report.js.map
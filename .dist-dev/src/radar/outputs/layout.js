/**
 * The picture layout shared by the GIF frames and the statistic maps: two lines of text on top
 * (a title, then the period and the data's origin), the map below them, and to its right a
 * vertical colour bar with decade ticks and a legend for what is not on the bar (zero rain black,
 * nodata white, coastlines, borders).
 *
 *   +-----------------------------------------+
 *   | Mean rain rate (mm/h)                   |   header line 0: title or date-time label
 *   | 2020-11-01 – 2020-11-30 · synthetic     |   header line 1
 *   | +-----------+   mm/h                    |
 *   | |           |   [bar] - 100             |
 *   | |    map    |   [bar] - 10              |
 *   | |           |   ...                     |
 *   | |           |   [#] no rain  [ ] nodata |
 *   | +-----------+                           |
 *   +-----------------------------------------+
 *
 * Shapes are drawn as palette indexes; text is returned as TextItems for the caller to render
 * (onto RGB for maps, as ink greys for the GIF).
 */
import { BLACK, BORDER, COAST, GREY, WHITE, levelOf } from './colormap.js';
import { createImage, fillRect, outlineRect } from './canvas.js';
import { lineHeight, textWidth } from './text.js';
const LEGEND = ['no rain', 'nodata', 'coastline', 'border'];
export function computeLayout(o) {
    const fs = o.fontSize;
    const titleSize = Math.round(fs * 1.2);
    const pad = Math.round(fs * 0.7);
    const lh = lineHeight(fs);
    const mapW = o.cols * o.mapScale, mapH = o.rows * o.mapScale;
    const h0 = lineHeight(titleSize);
    const header = [
        { x: pad, y: pad, w: 0, h: h0, size: titleSize, bold: true },
        { x: pad, y: pad + h0, w: 0, h: lh, size: fs, bold: false },
    ];
    const mapX = pad, mapY = pad + h0 + lh + pad;
    const barW = Math.round(fs * 1.1);
    const barX = mapX + mapW + 2 * pad;
    const labelW = Math.max(textWidth('0.001', fs), textWidth('mm/h', fs));
    const box = Math.round(fs * 0.9);
    const legendW = box + Math.round(fs * 0.5) + Math.max(...LEGEND.map((l) => textWidth(l, fs)));
    const barColumnW = Math.max(barW + Math.round(fs * 0.6) + labelW, legendW);
    const headerW = Math.max(textWidth(o.headerText[0], titleSize, true), textWidth(o.headerText[1], fs));
    const width = Math.max(barX + barColumnW + pad, pad + headerW + pad);
    const height = mapY + mapH + pad;
    for (const l of header)
        l.w = width - 2 * pad;
    // bar: below its unit label, leaving room for the legend underneath
    const barY = mapY + lh + Math.round(fs * 0.5);
    const legendH = LEGEND.length * (lh + 2) + pad;
    const barH = Math.max(32, Math.min(Math.round(mapH * 0.6), mapY + mapH - legendH - barY - pad));
    return { width, height, mapX, mapY, mapScale: o.mapScale, mapW, mapH, header, fontSize: fs, bar: { x: barX, y: barY, w: barW, h: barH } };
}
/** Decade ticks inside a scale: 0.01, 0.1, 1, 10, 100 for the rain scale. */
export function decadeTicks(scale) {
    const out = [];
    for (let e = Math.ceil(Math.log10(scale.lo) - 1e-9); e <= Math.floor(Math.log10(scale.hi) + 1e-9); e++)
        out.push(10 ** e);
    return out;
}
/** "0.01", "0.1", "1", "10", "1000": plain decimals, no exponent notation. */
export function formatTick(v) {
    const e = Math.round(Math.log10(v));
    return e >= 0 ? String(10 ** e) : '0.' + '0'.repeat(-e - 1) + '1';
}
/**
 * Draws everything that does not change between frames: background, map outline, colour bar and
 * its ticks, the legend's swatches; returns them with the static text (unit, tick labels, legend,
 * and the header lines given). Rows of the bar sample the same levelOf() as the map, at each
 * row's centre, so the bar shows exactly the colours a value would get.
 */
export function drawStatic(layout, scale, unit, headers = []) {
    const img = createImage(layout.width, layout.height, WHITE);
    const fs = layout.fontSize;
    const lh = lineHeight(fs);
    const text = [];
    headers.forEach((t, i) => {
        const l = layout.header[i];
        if (t)
            text.push({ text: t, x: l.x, y: l.y, size: l.size, bold: l.bold });
    });
    outlineRect(img, layout.mapX, layout.mapY, layout.mapW, layout.mapH, GREY);
    const { x, y, w, h } = layout.bar;
    const l0 = Math.log10(scale.lo), l1 = Math.log10(scale.hi);
    for (let r = 0; r < h; r++) {
        const t = 1 - (r + 0.5) / h; // top row = high values
        fillRect(img, x, y + r, w, 1, levelOf(10 ** (l0 + t * (l1 - l0)), scale));
    }
    outlineRect(img, x, y, w, h, GREY);
    text.push({ text: unit, x, y: y - lh - Math.round(fs * 0.3), size: fs });
    const tickLen = Math.round(fs * 0.4);
    for (const tick of decadeTicks(scale)) {
        const t = (Math.log10(tick) - l0) / (l1 - l0);
        const ty = Math.min(y + h - 1, Math.round(y + (1 - t) * h));
        fillRect(img, x + w, ty, tickLen, 1, BLACK);
        text.push({ text: formatTick(tick), x: x + w + tickLen + 2, y: ty - Math.round(lh / 2), size: fs });
    }
    // legend: what the bar does not show
    const box = Math.round(fs * 0.9);
    let ly = y + h + lh;
    const swatches = [[BLACK, LEGEND[0], false], [WHITE, LEGEND[1], false], [COAST, LEGEND[2], true], [BORDER, LEGEND[3], true]];
    for (const [color, label, line] of swatches) {
        if (line)
            fillRect(img, x, ly + Math.floor(box / 2) - 1, box, 2, color);
        else {
            fillRect(img, x, ly, box, box, color);
            outlineRect(img, x, ly, box, box, GREY);
        }
        text.push({ text: label, x: x + box + Math.round(fs * 0.5), y: ly + Math.round((box - lh) / 2), size: fs });
        ly += lh + 2;
    }
    return { img, text };
}
//# sourceMappingURL=layout.js.map
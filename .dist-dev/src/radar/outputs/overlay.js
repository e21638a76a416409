/**
 * Coastlines and borders drawn over a map: stroked anti-aliased with Skia onto the RGB maps, and
 * for the GIF turned once per run into a list of (pixel, palette index) writes, so every frame
 * gets its lines by overwriting a few thousand indexes rather than by blending and re-quantising.
 */
import { createCanvas } from '@napi-rs/canvas';
import { BORDER, BORDER_RGB, COAST, COAST_RGB } from './colormap.js';
import { basemapPixels } from './basemap.js';
const css = (c) => `rgb(${c[0]},${c[1]},${c[2]})`;
function strokeLines(ctx, lines, dx, dy) {
    ctx.beginPath();
    for (const l of lines) {
        ctx.moveTo(l[0] + dx, l[1] + dy);
        for (let i = 2; i < l.length; i += 2)
            ctx.lineTo(l[i] + dx, l[i + 1] + dy);
    }
    ctx.stroke();
}
/** Strokes borders, then coastlines, inside the map rectangle of `layout` on `ctx`. */
export function strokeBasemap(ctx, layout, geo, lineWidth) {
    const { borders, coast } = basemapPixels(geo, layout.mapScale);
    ctx.save();
    ctx.beginPath();
    ctx.rect(layout.mapX, layout.mapY, layout.mapW, layout.mapH);
    ctx.clip();
    ctx.lineWidth = lineWidth;
    ctx.lineJoin = 'round';
    ctx.strokeStyle = css(BORDER_RGB);
    strokeLines(ctx, borders, layout.mapX, layout.mapY);
    ctx.strokeStyle = css(COAST_RGB);
    strokeLines(ctx, coast, layout.mapX, layout.mapY);
    ctx.restore();
}
/**
 * The lines as palette writes: each kind is stroked anti-aliased on its own layer and a pixel
 * belongs to a line where the stroke covers at least half of it (a palette has no partial
 * coverage); coastlines win over borders.
 */
export function basemapIndexes(layout, geo, lineWidth = 1) {
    const { borders, coast } = basemapPixels(geo, layout.mapScale);
    const { mapW: w, mapH: h } = layout;
    const owner = new Uint8Array(w * h);
    for (const [lines, color] of [[borders, BORDER], [coast, COAST]]) {
        const ctx = createCanvas(w, h).getContext('2d');
        ctx.lineWidth = lineWidth;
        ctx.lineJoin = 'round';
        ctx.strokeStyle = '#000';
        strokeLines(ctx, lines, 0, 0);
        const a = ctx.getImageData(0, 0, w, h).data;
        for (let i = 0; i < w * h; i++)
            if (a[i * 4 + 3] >= 128)
                owner[i] = color;
    }
    const offsets = [], colors = [];
    for (let i = 0; i < w * h; i++) {
        if (!owner[i])
            continue;
        offsets.push((layout.mapY + Math.floor(i / w)) * layout.width + layout.mapX + (i % w));
        colors.push(owner[i]);
    }
    return { offsets: Int32Array.from(offsets), colors: Uint8Array.from(colors) };
}
export function applyLineIndexes(data, lines) {
    const { offsets, colors } = lines;
    for (let k = 0; k < offsets.length; k++)
        data[offsets[k]] = colors[k];
}
//# sourceMappingURL=overlay.js.map
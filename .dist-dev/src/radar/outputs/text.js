/**
 * Labels in a real font: DejaVu Sans (the WOFF files @fontsource/dejavu-sans ships, so the render
 * does not depend on fonts installed on the machine), drawn anti-aliased by Skia through
 * @napi-rs/canvas. Maps draw text straight onto their RGB canvas; the GIF, whose pixels are palette
 * indexes, renders text on white once and keeps its anti-aliasing as the palette's ink greys.
 */
import { createRequire } from 'node:module';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { INK } from './colormap.js';
/** A family name of our own, so a system font of the same name can never stand in for it. */
const FAMILY = 'ssdp DejaVu Sans';
let registered = false;
function register() {
    if (registered)
        return;
    const req = createRequire(import.meta.url);
    for (const weight of [400, 700]) {
        const file = req.resolve(`@fontsource/dejavu-sans/files/dejavu-sans-latin-${weight}-normal.woff`);
        if (!GlobalFonts.registerFromPath(file, FAMILY))
            throw new Error(`could not load the label font ${file}`);
    }
    registered = true;
}
export function cssFont(size, bold = false) {
    register();
    return `${bold ? 'bold ' : ''}${size}px "${FAMILY}"`;
}
let measurer;
/** Width in pixels of `text` at `size`. */
export function textWidth(text, size, bold = false) {
    measurer ??= createCanvas(1, 1).getContext('2d');
    measurer.font = cssFont(size, bold);
    return Math.ceil(measurer.measureText(text).width);
}
/** Height of a line of text at `size`, top of the tallest glyph to bottom of descenders. */
export const lineHeight = (size) => Math.ceil(size * 1.25);
export function drawTextItems(ctx, items, color, dx = 0, dy = 0) {
    ctx.fillStyle = color;
    ctx.textBaseline = 'top';
    for (const t of items) {
        ctx.font = cssFont(t.size, t.bold);
        ctx.textAlign = t.align ?? 'left';
        ctx.fillText(t.text, t.x + dx, t.y + dy);
    }
}
// The GIF inks one label per frame into the same rectangle: one canvas per size serves them all.
const scratches = new Map();
function scratch(w, h) {
    const key = `${w}x${h}`;
    let ctx = scratches.get(key);
    if (!ctx) {
        if (scratches.size > 8)
            scratches.clear();
        ctx = createCanvas(w, h).getContext('2d');
        scratches.set(key, ctx);
    }
    return ctx;
}
/**
 * Draws black text into an indexed image over the rectangle `region` (which must be white where
 * text goes): each pixel's coverage becomes the nearest ink grey, so edges stay smooth.
 */
export function inkText(img, items, region = { x: 0, y: 0, w: img.width, h: img.height }) {
    const { x, y, w, h } = region;
    const ctx = scratch(w, h);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    drawTextItems(ctx, items, '#000', -x, -y);
    const rgba = ctx.getImageData(0, 0, w, h).data;
    const steps = INK.length - 1;
    for (let r = 0; r < h; r++) {
        const yy = y + r;
        if (yy < 0 || yy >= img.height)
            continue;
        for (let col = 0; col < w; col++) {
            const xx = x + col;
            const g = rgba[(r * w + col) * 4]; // black on white: red = green = blue
            if (g === 255 || xx < 0 || xx >= img.width)
                continue;
            img.data[yy * img.width + xx] = INK[Math.round((g * steps) / 255)];
        }
    }
}
//# sourceMappingURL=text.js.map
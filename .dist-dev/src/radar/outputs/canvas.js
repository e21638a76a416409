/**
 * Palette-index images and the few drawing operations the pictures need. Pixels are palette
 * indexes (see colormap.ts), one byte each, row-major: exactly what GIF and indexed PNG store.
 */
export function createImage(width, height, fill) {
    return { width, height, data: new Uint8Array(width * height).fill(fill) };
}
export function fillRect(img, x, y, w, h, color) {
    const x0 = Math.max(0, x), y0 = Math.max(0, y);
    const x1 = Math.min(img.width, x + w), y1 = Math.min(img.height, y + h);
    if (x1 <= x0)
        return;
    for (let yy = y0; yy < y1; yy++)
        img.data.fill(color, yy * img.width + x0, yy * img.width + x1);
}
/** A one-pixel outline just outside the rectangle (x, y, w, h). */
export function outlineRect(img, x, y, w, h, color) {
    fillRect(img, x - 1, y - 1, w + 2, 1, color);
    fillRect(img, x - 1, y + h, w + 2, 1, color);
    fillRect(img, x - 1, y, 1, h, color);
    fillRect(img, x + w, y, 1, h, color);
}
/**
 * Copies an index field of fw x fh into the image at (x, y), each field pixel becoming a
 * scale x scale block (nearest neighbour: no new colours, so the palette stays exact).
 */
export function blitScaled(img, field, fw, fh, x, y, scale) {
    const W = img.width, out = img.data;
    for (let r = 0; r < fh; r++) {
        const src = r * fw;
        const dst0 = (y + r * scale) * W + x;
        if (scale === 1) {
            out.set(field.subarray(src, src + fw), dst0);
            continue;
        }
        let d = dst0;
        for (let c = 0; c < fw; c++) {
            const v = field[src + c];
            for (let s = 0; s < scale; s++)
                out[d++] = v;
        }
        for (let s = 1; s < scale; s++)
            out.copyWithin(dst0 + s * W, dst0, dst0 + fw * scale);
    }
}
//# sourceMappingURL=canvas.js.map
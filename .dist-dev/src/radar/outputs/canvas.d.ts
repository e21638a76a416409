/**
 * Palette-index images and the few drawing operations the pictures need. Pixels are palette
 * indexes (see colormap.ts), one byte each, row-major: exactly what GIF and indexed PNG store.
 */
export interface IndexedImage {
    readonly width: number;
    readonly height: number;
    readonly data: Uint8Array;
}
export declare function createImage(width: number, height: number, fill: number): IndexedImage;
export declare function fillRect(img: IndexedImage, x: number, y: number, w: number, h: number, color: number): void;
/** A one-pixel outline just outside the rectangle (x, y, w, h). */
export declare function outlineRect(img: IndexedImage, x: number, y: number, w: number, h: number, color: number): void;
/**
 * Copies an index field of fw x fh into the image at (x, y), each field pixel becoming a
 * scale x scale block (nearest neighbour: no new colours, so the palette stays exact).
 */
export declare function blitScaled(img: IndexedImage, field: Uint8Array, fw: number, fh: number, x: number, y: number, scale: number): void;

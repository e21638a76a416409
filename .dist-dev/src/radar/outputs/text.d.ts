import { type SKRSContext2D } from '@napi-rs/canvas';
import type { IndexedImage } from './canvas.js';
/** One line of text; (x, y) is its top-left corner (right edge when align is 'right'). */
export interface TextItem {
    text: string;
    x: number;
    y: number;
    size: number;
    bold?: boolean;
    align?: 'left' | 'right';
}
export declare function cssFont(size: number, bold?: boolean): string;
/** Width in pixels of `text` at `size`. */
export declare function textWidth(text: string, size: number, bold?: boolean): number;
/** Height of a line of text at `size`, top of the tallest glyph to bottom of descenders. */
export declare const lineHeight: (size: number) => number;
export declare function drawTextItems(ctx: SKRSContext2D, items: readonly TextItem[], color: string, dx?: number, dy?: number): void;
/**
 * Draws black text into an indexed image over the rectangle `region` (which must be white where
 * text goes): each pixel's coverage becomes the nearest ink grey, so edges stay smooth.
 */
export declare function inkText(img: IndexedImage, items: readonly TextItem[], region?: {
    x: number;
    y: number;
    w: number;
    h: number;
}): void;

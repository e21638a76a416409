/**
 * The picture layout shared by the GIF frames and the statistic maps: a text line on top, the map
 * below it, and to its right a vertical colour bar with decade ticks and a legend for the two
 * special colours (zero rain black, nodata white).
 *
 *   +-----------------------------------------+
 *   | 2020-11-01 00:00–03:00 UTC              |   header: title or date-time label
 *   | +-----------+   mm/h                    |
 *   | |           |   [bar] - 100             |
 *   | |    map    |   [bar] - 10              |
 *   | |           |   ...                     |
 *   | |           |   [#] no rain  [ ] nodata |
 *   | +-----------+                           |
 *   +-----------------------------------------+
 */
import { BLACK, GREY, WHITE, levelOf, type LogScale } from './colormap.js';
import { createImage, fillRect, outlineRect, type IndexedImage } from './canvas.js';
import { CELL_H, drawText, textHeight, textWidth } from './font.js';

export interface Layout {
  readonly width: number;
  readonly height: number;
  /** Map position and its upscaling factor. */
  readonly mapX: number;
  readonly mapY: number;
  readonly mapScale: number;
  readonly mapW: number;
  readonly mapH: number;
  /** Header text area (cleared and redrawn per frame). */
  readonly headerX: number;
  readonly headerY: number;
  readonly headerW: number;
  readonly headerH: number;
  readonly fontScale: number;
  readonly bar: { x: number; y: number; w: number; h: number };
}

export interface LayoutOptions {
  /** Field size in pixels (columns, rows). */
  cols: number;
  rows: number;
  /** Integer upscaling of the map (nearest neighbour). */
  mapScale: number;
  /** Integer scale of the 5x7 font. */
  fontScale: number;
  /** Longest header text the layout must fit. */
  headerText: string;
}

const LEGEND = ['no rain', 'nodata'] as const;

export function computeLayout(o: LayoutOptions): Layout {
  const f = o.fontScale;
  const pad = 6 * f;
  const mapW = o.cols * o.mapScale, mapH = o.rows * o.mapScale;
  const headerH = CELL_H * f;
  const mapX = pad, mapY = pad + headerH + pad;
  const barW = 8 * f;
  const barX = mapX + mapW + 2 * pad;
  const labelW = Math.max(textWidth('0.001', f), textWidth('mm/h', f));
  const legendW = textWidth('X ' + LEGEND[0], f);
  const barColumnW = Math.max(barW + 4 * f + labelW, legendW);
  const width = Math.max(barX + barColumnW + pad, pad + textWidth(o.headerText, f) + pad);
  const height = mapY + mapH + pad;
  // bar: below its unit label, leaving room for the legend underneath
  const barY = mapY + CELL_H * f + textHeight(f);
  const legendH = 2 * CELL_H * f + pad;
  const barH = Math.max(32, Math.min(Math.round(mapH * 0.7), mapY + mapH - legendH - barY - pad));
  return {
    width, height, mapX, mapY, mapScale: o.mapScale, mapW, mapH,
    headerX: pad, headerY: pad, headerW: width - 2 * pad, headerH, fontScale: f,
    bar: { x: barX, y: barY, w: barW, h: barH },
  };
}

/** Decade ticks inside a scale: 0.01, 0.1, 1, 10, 100 for the rain scale. */
export function decadeTicks(scale: LogScale): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(scale.lo) - 1e-9); e <= Math.floor(Math.log10(scale.hi) + 1e-9); e++) out.push(10 ** e);
  return out;
}

/** "0.01", "0.1", "1", "10", "1000": plain decimals, no exponent notation. */
export function formatTick(v: number): string {
  const e = Math.round(Math.log10(v));
  return e >= 0 ? String(10 ** e) : '0.' + '0'.repeat(-e - 1) + '1';
}

/**
 * Draws everything that does not change between frames: background, map outline, colour bar,
 * its ticks and unit, the legend. Rows of the bar sample the same levelOf() as the map, at each
 * row's centre, so the bar shows exactly the colours a value would get.
 */
export function drawStatic(layout: Layout, scale: LogScale, unit: string): IndexedImage {
  const img = createImage(layout.width, layout.height, WHITE);
  const f = layout.fontScale;
  outlineRect(img, layout.mapX, layout.mapY, layout.mapW, layout.mapH, GREY);
  const { x, y, w, h } = layout.bar;
  const l0 = Math.log10(scale.lo), l1 = Math.log10(scale.hi);
  for (let r = 0; r < h; r++) {
    const t = 1 - (r + 0.5) / h; // top row = high values
    fillRect(img, x, y + r, w, 1, levelOf(10 ** (l0 + t * (l1 - l0)), scale));
  }
  outlineRect(img, x, y, w, h, GREY);
  drawText(img, unit, x, y - CELL_H * f - textHeight(f) + f, BLACK, f);
  for (const tick of decadeTicks(scale)) {
    const t = (Math.log10(tick) - l0) / (l1 - l0);
    const ty = Math.min(y + h - 1, Math.round(y + (1 - t) * h));
    fillRect(img, x + w, ty, 3 * f, Math.max(1, Math.floor(f / 2)), BLACK);
    drawText(img, formatTick(tick), x + w + 4 * f, ty - Math.floor(textHeight(f) / 2), BLACK, f);
  }
  // legend: the two colours that are not on the bar
  let ly = y + h + CELL_H * f;
  const box = textHeight(f);
  const swatches: Array<[number, string]> = [[BLACK, LEGEND[0]], [WHITE, LEGEND[1]]];
  for (const [color, label] of swatches) {
    fillRect(img, x, ly, box, box, color);
    outlineRect(img, x, ly, box, box, GREY);
    drawText(img, label, x + box + 2 * f + f, ly, BLACK, f);
    ly += CELL_H * f + f;
  }
  return img;
}

/** Clears the header area and writes one line of text into it. */
export function drawHeader(img: IndexedImage, layout: Layout, text: string): void {
  fillRect(img, layout.headerX, layout.headerY, layout.headerW, layout.headerH, WHITE);
  drawText(img, text, layout.headerX, layout.headerY, BLACK, layout.fontScale);
}

/**
 * PNG maps of the per-pixel statistics: the same layout and palette as the GIF frames, a title
 * instead of the date, and a log colour range chosen for each statistic (colormap.autoScale)
 * unless one is given. Written as 8-bit indexed PNG (fast-png writes the PLTE chunk).
 */
import { encode } from 'fast-png';
import { PALETTE, autoScale, indexField, type LogScale } from './colormap.js';
import { blitScaled } from './canvas.js';
import { computeLayout, drawHeader, drawStatic } from './layout.js';
import { writeFileAtomic } from './atomic.js';

export interface StatMapOptions {
  path: string;
  field: Float32Array;
  cols: number;
  rows: number;
  title: string;
  scale?: LogScale;
  unit?: string;
  mapScale?: number;
  fontScale?: number;
}

export interface StatMapResult {
  bytes: number;
  scale: LogScale;
  width: number;
  height: number;
}

/** Renders the map into palette indexes (exposed for tests and callers that want pixels). */
export function renderStatMap(o: Omit<StatMapOptions, 'path'>): { width: number; height: number; data: Uint8Array; scale: LogScale } {
  const scale = o.scale ?? autoScale(o.field);
  const layout = computeLayout({ cols: o.cols, rows: o.rows, mapScale: o.mapScale ?? 2, fontScale: o.fontScale ?? 2, headerText: o.title });
  const img = drawStatic(layout, scale, o.unit ?? 'mm/h');
  const field = indexField(o.field, new Uint8Array(o.cols * o.rows), scale);
  blitScaled(img, field, o.cols, o.rows, layout.mapX, layout.mapY, layout.mapScale);
  drawHeader(img, layout, o.title);
  return { width: img.width, height: img.height, data: img.data, scale };
}

export async function writeStatMap(o: StatMapOptions): Promise<StatMapResult> {
  const r = renderStatMap(o);
  const png = encode({ width: r.width, height: r.height, data: r.data, depth: 8, channels: 1, palette: PALETTE.map((c) => [...c]) });
  await writeFileAtomic(o.path, png);
  return { bytes: png.byteLength, scale: r.scale, width: r.width, height: r.height };
}

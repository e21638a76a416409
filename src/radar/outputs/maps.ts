/**
 * PNG maps of the per-pixel statistics: the same layout and palette as the GIF frames, a title and
 * the period instead of the date, and a log colour range chosen for each statistic
 * (colormap.autoScale) unless one is given. Not bound to 256 colours like the GIF, so coastlines,
 * borders and text are drawn anti-aliased by Skia (@napi-rs/canvas) over the exact palette colours
 * of the values, and written as an RGB PNG.
 */
import { createCanvas } from '@napi-rs/canvas';
import { PALETTE, autoScale, indexField, type LogScale } from './colormap.js';
import { blitScaled } from './canvas.js';
import { computeLayout, drawStatic, type Layout } from './layout.js';
import { drawTextItems } from './text.js';
import { strokeBasemap } from './overlay.js';
import { SUBSAMPLED_GEO, type GeoReference } from '../geometry.js';
import { writeFileAtomic } from '../../util/atomic-file.js';

export interface StatMapOptions {
  path: string;
  field: Float32Array;
  cols: number;
  rows: number;
  title: string;
  /** Second header line: the period and where the data came from. */
  subtitle?: string;
  scale?: LogScale;
  unit?: string;
  mapScale?: number;
  /** Size of the small text in pixels (default 14). */
  fontSize?: number;
  /** The field's grid, for coastlines and borders (default: the subsampled composite grid). */
  geo?: GeoReference;
}

export interface StatMapResult {
  bytes: number;
  scale: LogScale;
  width: number;
  height: number;
  layout: Layout;
}

/** Renders the map as RGBA pixels (exposed for tests and callers that want pixels). */
export function renderStatMap(o: Omit<StatMapOptions, 'path'>): { width: number; height: number; rgba: () => Uint8Array; png: () => Buffer; scale: LogScale; layout: Layout } {
  const scale = o.scale ?? autoScale(o.field);
  const subtitle = o.subtitle ?? '';
  const layout = computeLayout({ cols: o.cols, rows: o.rows, mapScale: o.mapScale ?? 2, fontSize: o.fontSize ?? 14, headerText: [o.title, subtitle] });
  const { img, text } = drawStatic(layout, scale, o.unit ?? 'mm/h', [o.title, subtitle]);
  const field = indexField(o.field, new Uint8Array(o.cols * o.rows), scale);
  blitScaled(img, field, o.cols, o.rows, layout.mapX, layout.mapY, layout.mapScale);

  const { width: W, height: H } = img;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const pixels = ctx.createImageData(W, H);
  const px = pixels.data;
  for (let i = 0; i < img.data.length; i++) {
    const c = PALETTE[img.data[i]!]!;
    px[4 * i] = c[0]; px[4 * i + 1] = c[1]; px[4 * i + 2] = c[2]; px[4 * i + 3] = 255;
  }
  ctx.putImageData(pixels, 0, 0);
  strokeBasemap(ctx, layout, o.geo ?? SUBSAMPLED_GEO, Math.max(1, 0.6 * layout.mapScale));
  drawTextItems(ctx, text, '#000');
  const rgba = () => {
    const out = ctx.getImageData(0, 0, W, H).data;
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  };
  return { width: W, height: H, rgba, png: () => canvas.toBuffer('image/png'), scale, layout };
}

export async function writeStatMap(o: StatMapOptions): Promise<StatMapResult> {
  const r = renderStatMap(o);
  const png = r.png();
  await writeFileAtomic(o.path, png);
  return { bytes: png.byteLength, scale: r.scale, width: r.width, height: r.height, layout: r.layout };
}

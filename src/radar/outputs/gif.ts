/**
 * The animated radar GIF: every frame colormapped into the shared palette (colormap.ts), drawn
 * into the layout (layout.ts) with its date-time label, coastlines and borders, and streamed to
 * disk one frame at a time.
 *
 * Why it stays small and fast: the palette is fixed, so there is no quantisation; text and lines
 * are rendered once (the label once per frame) and written as palette indexes; from the second
 * frame on only the rectangle that changed is encoded, and inside it the pixels equal to the
 * previous frame become the transparent KEEP index (disposal "do not dispose"), which LZW
 * compresses to almost nothing. Decoded, every frame is exactly its full picture.
 */
import gifenc from 'gifenc';
import { KEEP, RAIN_SCALE, WHITE, indexField, paletteBytes, type LogScale } from './colormap.js';
import { blitScaled, fillRect } from './canvas.js';
import { computeLayout, drawStatic, type Layout } from './layout.js';
import { inkText } from './text.js';
import { applyLineIndexes, basemapIndexes } from './overlay.js';
import { SUBSAMPLED_GEO, type GeoReference } from '../geometry.js';
import { openAtomic } from '../../util/atomic-file.js';

export interface RadarGifOptions {
  path: string;
  /** Fields of cols x rows, row-major. */
  frames: ArrayLike<Float32Array>;
  labels: readonly string[];
  cols: number;
  rows: number;
  /** Hundredths of a second per frame (5 = 20 frames/s). */
  delayCs?: number;
  mapScale?: number;
  /** Size of the small text in pixels (default 11). */
  fontSize?: number;
  /** Second header line, the same on every frame (e.g. what the values are and where they came from). */
  subtitle?: string;
  /** The frames' grid, for coastlines and borders (default: the subsampled composite grid). */
  geo?: GeoReference;
  scale?: LogScale;
  unit?: string;
  onFrame?: (done: number) => void;
}

export interface RadarGifResult {
  bytes: number;
  frames: number;
  width: number;
  height: number;
  layout: Layout;
}

export async function writeRadarGif(o: RadarGifOptions): Promise<RadarGifResult> {
  const n = o.frames.length;
  if (o.labels.length !== n) throw new Error(`GIF: ${n} frames but ${o.labels.length} labels`);
  const scale = o.scale ?? RAIN_SCALE;
  const longest = o.labels.reduce((a, b) => (b.length > a.length ? b : a), '');
  const subtitle = o.subtitle ?? '';
  const layout = computeLayout({ cols: o.cols, rows: o.rows, mapScale: o.mapScale ?? 1, fontSize: o.fontSize ?? 11, headerText: [longest, subtitle] });
  const { width: W, height: H } = layout;
  const { img: cur, text } = drawStatic(layout, scale, o.unit ?? 'mm/h', [undefined, subtitle]);
  inkText(cur, text); // drawn over in place from here on: the static parts never change
  const lines = basemapIndexes(layout, o.geo ?? SUBSAMPLED_GEO);
  const head = layout.header[0];
  const headBox = { x: head.x, y: head.y, w: head.w, h: head.h };
  const prev = new Uint8Array(W * H);
  const field = new Uint8Array(o.cols * o.rows);
  const sub = new Uint8Array(W * H);
  const enc = gifenc.GIFEncoder({ auto: false, initialCapacity: 1 << 20 });
  const delay = (o.delayCs ?? 5) * 10;

  const file = await openAtomic(o.path);
  let bytes = 0;
  const put = async (b: Uint8Array) => {
    await file.write(b);
    bytes += b.byteLength;
  };
  try {
    await put(gifHeader(W, H));
    for (let i = 0; i < n; i++) {
      const frame = o.frames[i]!;
      if (frame.length !== o.cols * o.rows) throw new Error(`GIF: frame ${i} has ${frame.length} values, expected ${o.cols} x ${o.rows}`);
      indexField(frame, field, scale);
      blitScaled(cur, field, o.cols, o.rows, layout.mapX, layout.mapY, layout.mapScale);
      applyLineIndexes(cur.data, lines);
      fillRect(cur, head.x, head.y, head.w, head.h, WHITE);
      inkText(cur, [{ text: o.labels[i]!, x: head.x, y: head.y, size: head.size, bold: head.bold }], headBox);
      enc.reset();
      let x = 0, y = 0, w = W, h = H, pixels = cur.data;
      if (i > 0) {
        ({ x, y, w, h } = changedBox(prev, cur.data, W, H));
        pixels = sub.subarray(0, w * h);
        fillKept(prev, cur.data, W, x, y, w, h, pixels);
      }
      enc.writeFrame(pixels, w, h, { first: false, transparent: i > 0, transparentIndex: KEEP, delay, dispose: 1 });
      const chunk = enc.bytesView();
      // gifenc always places a frame at (0, 0): set the sub-rectangle's position in the
      // image descriptor, which follows the 8-byte graphic control extension.
      if (chunk[8] !== 0x2c) throw new Error('unexpected gifenc frame layout');
      chunk[9] = x & 0xff; chunk[10] = x >> 8; chunk[11] = y & 0xff; chunk[12] = y >> 8;
      await put(chunk);
      prev.set(cur.data);
      o.onFrame?.(i + 1);
    }
    await put(Uint8Array.of(0x3b));
    await file.commit();
  } catch (e) {
    await file.abort();
    throw e;
  }
  return { bytes, frames: n, width: W, height: H, layout };
}

/** "GIF89a", logical screen descriptor, the global palette and the loop-forever extension. */
function gifHeader(W: number, H: number): Uint8Array {
  const pal = paletteBytes();
  const out = new Uint8Array(6 + 7 + pal.length + 19);
  out.set([0x47, 0x49, 0x46, 0x38, 0x39, 0x61], 0);
  out.set([W & 0xff, W >> 8, H & 0xff, H >> 8, 0xf7, WHITE, 0], 6); // global table of 2^(7+1), 8-bit colour
  out.set(pal, 13);
  const p = 13 + pal.length;
  out.set([0x21, 0xff, 0x0b, ...[...'NETSCAPE2.0'].map((c) => c.charCodeAt(0)), 0x03, 0x01, 0x00, 0x00, 0x00], p);
  return out;
}

/** Smallest rectangle holding every changed pixel (1 x 1 at the origin when nothing changed). */
function changedBox(a: Uint8Array, b: Uint8Array, W: number, H: number): { x: number; y: number; w: number; h: number } {
  let top = -1, bottom = -1, left = W, right = -1;
  for (let r = 0; r < H; r++) {
    const o = r * W;
    let first = -1, last = -1;
    for (let c = 0; c < W; c++) if (a[o + c] !== b[o + c]) { first = c; break; }
    if (first < 0) continue;
    for (let c = W - 1; c >= first; c--) if (a[o + c] !== b[o + c]) { last = c; break; }
    if (top < 0) top = r;
    bottom = r;
    if (first < left) left = first;
    if (last > right) right = last;
  }
  if (top < 0) return { x: 0, y: 0, w: 1, h: 1 };
  return { x: left, y: top, w: right - left + 1, h: bottom - top + 1 };
}

/** Copies the box of `cur`, with pixels unchanged since `prev` replaced by the KEEP index. */
function fillKept(prev: Uint8Array, cur: Uint8Array, W: number, x: number, y: number, w: number, h: number, out: Uint8Array): void {
  let d = 0;
  for (let r = y; r < y + h; r++) {
    const o = r * W + x;
    for (let c = 0; c < w; c++, d++) {
      const v = cur[o + c]!;
      out[d] = v === prev[o + c] ? KEEP : v;
    }
  }
}

/**
 * Coastlines and borders drawn over a map: stroked anti-aliased with Skia onto the RGB maps, and
 * for the GIF turned once per run into a list of (pixel, palette index) writes, so every frame
 * gets its lines by overwriting a few thousand indexes rather than by blending and re-quantising.
 */
import { type SKRSContext2D } from '@napi-rs/canvas';
import type { GeoReference } from '../geometry.js';
import type { Layout } from './layout.js';
/** Strokes borders, then coastlines, inside the map rectangle of `layout` on `ctx`. */
export declare function strokeBasemap(ctx: SKRSContext2D, layout: Layout, geo: GeoReference, lineWidth: number): void;
/** Pixels of the whole picture that carry a line, and the palette index each gets. */
export interface LineIndexes {
    offsets: Int32Array;
    colors: Uint8Array;
}
/**
 * The lines as palette writes: each kind is stroked anti-aliased on its own layer and a pixel
 * belongs to a line where the stroke covers at least half of it (a palette has no partial
 * coverage); coastlines win over borders.
 */
export declare function basemapIndexes(layout: Layout, geo: GeoReference, lineWidth?: number): LineIndexes;
export declare function applyLineIndexes(data: Uint8Array, lines: LineIndexes): void;

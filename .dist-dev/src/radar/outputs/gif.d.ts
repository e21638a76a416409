import { type LogScale } from './colormap.js';
import { type Layout } from './layout.js';
import { type GeoReference } from '../geometry.js';
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
export declare function writeRadarGif(o: RadarGifOptions): Promise<RadarGifResult>;

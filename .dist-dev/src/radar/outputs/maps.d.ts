import { type LogScale } from './colormap.js';
import { type Layout } from './layout.js';
import { type GeoReference } from '../geometry.js';
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
export declare function renderStatMap(o: Omit<StatMapOptions, 'path'>): {
    width: number;
    height: number;
    rgba: () => Uint8Array;
    png: () => Buffer;
    scale: LogScale;
    layout: Layout;
};
export declare function writeStatMap(o: StatMapOptions): Promise<StatMapResult>;

/**
 * The picture layout shared by the GIF frames and the statistic maps: two lines of text on top
 * (a title, then the period and the data's origin), the map below them, and to its right a
 * vertical colour bar with decade ticks and a legend for what is not on the bar (zero rain black,
 * nodata white, coastlines, borders).
 *
 *   +-----------------------------------------+
 *   | Mean rain rate (mm/h)                   |   header line 0: title or date-time label
 *   | 2020-11-01 – 2020-11-30 · synthetic     |   header line 1
 *   | +-----------+   mm/h                    |
 *   | |           |   [bar] - 100             |
 *   | |    map    |   [bar] - 10              |
 *   | |           |   ...                     |
 *   | |           |   [#] no rain  [ ] nodata |
 *   | +-----------+                           |
 *   +-----------------------------------------+
 *
 * Shapes are drawn as palette indexes; text is returned as TextItems for the caller to render
 * (onto RGB for maps, as ink greys for the GIF).
 */
import { type LogScale } from './colormap.js';
import { type IndexedImage } from './canvas.js';
import { type TextItem } from './text.js';
export interface HeaderLine {
    readonly x: number;
    readonly y: number;
    readonly w: number;
    readonly h: number;
    readonly size: number;
    readonly bold: boolean;
}
export interface Layout {
    readonly width: number;
    readonly height: number;
    /** Map position and its upscaling factor. */
    readonly mapX: number;
    readonly mapY: number;
    readonly mapScale: number;
    readonly mapW: number;
    readonly mapH: number;
    /** The two header lines (line 0 is redrawn per GIF frame). */
    readonly header: readonly [HeaderLine, HeaderLine];
    readonly fontSize: number;
    readonly bar: {
        x: number;
        y: number;
        w: number;
        h: number;
    };
}
export interface LayoutOptions {
    /** Field size in pixels (columns, rows). */
    cols: number;
    rows: number;
    /** Integer upscaling of the map (nearest neighbour). */
    mapScale: number;
    /** Size of the small text in pixels; the title is a little larger and bold. */
    fontSize: number;
    /** Longest texts the two header lines must fit. */
    headerText: readonly [string, string];
}
export declare function computeLayout(o: LayoutOptions): Layout;
/** Decade ticks inside a scale: 0.01, 0.1, 1, 10, 100 for the rain scale. */
export declare function decadeTicks(scale: LogScale): number[];
/** "0.01", "0.1", "1", "10", "1000": plain decimals, no exponent notation. */
export declare function formatTick(v: number): string;
/**
 * Draws everything that does not change between frames: background, map outline, colour bar and
 * its ticks, the legend's swatches; returns them with the static text (unit, tick labels, legend,
 * and the header lines given). Rows of the bar sample the same levelOf() as the map, at each
 * row's centre, so the bar shows exactly the colours a value would get.
 */
export declare function drawStatic(layout: Layout, scale: LogScale, unit: string, headers?: readonly [string?, string?]): {
    img: IndexedImage;
    text: TextItem[];
};

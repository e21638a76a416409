import type { Computable } from './types.js';
export interface VisualizeOptions {
    /** Output file: `name.svg` (and `name.dot` next to it). No file is written when omitted. */
    filename?: string;
    /** 'svg' (default) or 'dot': which text to return. */
    format?: 'svg' | 'dot';
}
export declare function renderSvg(dot: string): Promise<string>;
/**
 * `visualize(a)`, `visualize(a, b, { filename })` (dask.visualize(a, b)) or `visualize([a, b], opts)`:
 * the last argument is the options when it is not a placeholder.
 */
export declare function visualize(...args: (Computable | Computable[] | VisualizeOptions | undefined)[]): Promise<string>;
/** The DOT text of placeholders/collections. */
export declare function toDotOf(...items: Computable[]): string;

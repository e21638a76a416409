/**
 * `visualize(x, { filename })`: writes the graph of placeholders/collections as DOT and as an SVG
 * a user can open (rendered by @viz-js/viz, Graphviz compiled to WebAssembly, so no system
 * graphviz is needed). Returns the SVG text.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { closest } from './options.js';
import { SsdpError } from '../util/errors.js';
import { toDot } from './dot.js';
import { graphOfAll } from './delayed.js';
import { cull } from './plan.js';
export async function renderSvg(dot) {
    const { instance } = await import('@viz-js/viz');
    const viz = await instance();
    return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}
/**
 * Only SVG and DOT can be made without a system Graphviz: any other format or file extension is
 * refused before anything is written (a `.png` name holding SVG text would not open as PNG).
 */
function checkFormat(opts) {
    checkVisualizeKeys(opts);
    const rawFormat = opts.format;
    const format = typeof rawFormat === 'string' ? rawFormat.toLowerCase() : rawFormat;
    const ext = opts.filename ? /\.([^./\\]+)$/.exec(opts.filename)?.[1]?.toLowerCase() : undefined;
    const bad = format !== undefined && format !== 'svg' && format !== 'dot' ? `format ${JSON.stringify(format)}` : ext !== undefined && ext !== 'svg' && ext !== 'dot' ? `file name ${opts.filename}` : undefined;
    if (bad) {
        throw new SsdpError('E_VISUALIZE_FORMAT', `visualize: cannot write ${bad}: only SVG and DOT are supported`, {
            hint: "Use { format: 'svg' } or { format: 'dot' } and a filename ending in .svg (or without an extension); convert the SVG with another tool if you need PNG.",
        });
    }
}
function checkVisualizeKeys(opts) {
    for (const key of Object.keys(opts)) {
        if (VISUALIZE_OPTIONS.includes(key))
            continue;
        const near = closest(key, VISUALIZE_OPTIONS);
        throw new SsdpError('E_VISUALIZE_OPTION', `visualize: unknown option '${key}'${near ? ` (did you mean '${near}'?)` : ''}`, {
            hint: `Options are ${VISUALIZE_OPTIONS.join(', ')}.`,
        });
    }
}
const VISUALIZE_OPTIONS = ['filename', 'format'];
function isComputable(x) {
    return (typeof x === 'object' || typeof x === 'function') && x !== null && typeof x.ssdpKeys === 'function';
}
/**
 * `visualize(a)`, `visualize(a, b, { filename })` (dask.visualize(a, b)) or `visualize([a, b], opts)`:
 * the last argument is the options when it is not a placeholder.
 */
export async function visualize(...args) {
    const last = args.at(-1);
    const opts = (args.length > 1 && !Array.isArray(last) && !isComputable(last) ? args.pop() ?? {} : {});
    checkFormat(opts);
    const items = args.flat();
    items.forEach((item, i) => {
        if (!isComputable(item)) {
            throw new SsdpError('E_VISUALIZE_ARGUMENT', `visualize: argument ${i + 1} is not a placeholder or collection.`, {
                hint: 'Pass delayed values, arrays or bags, then one options object last.',
            });
        }
    });
    const graph = cull(graphOfAll(...items), items.map((i) => i.ssdpKeys()));
    const dot = toDot(graph);
    const svg = await renderSvg(dot);
    if (opts.filename) {
        const base = opts.filename.replace(/\.(svg|dot)$/i, '');
        const dir = dirname(resolve(base));
        if (!existsSync(dir)) {
            throw new SsdpError('E_VISUALIZE_PATH', `visualize: cannot write ${opts.filename}: the folder ${dir} does not exist.`, {
                hint: 'Create the folder first, or give a filename in an existing folder.',
            });
        }
        writeFileSync(`${base}.dot`, dot);
        writeFileSync(`${base}.svg`, svg);
    }
    return opts.format?.toLowerCase() === 'dot' ? dot : svg;
}
/** The DOT text of placeholders/collections. */
export function toDotOf(...items) {
    return toDot(cull(graphOfAll(...items), items.map((i) => i.ssdpKeys())));
}
//# sourceMappingURL=visualize.js.map
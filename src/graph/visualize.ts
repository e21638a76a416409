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
import type { Computable, Graph } from './types.js';

export interface VisualizeOptions {
  /**
   * Output file: `name.svg` or `name.dot` is written by the name given (extension in any case), the
   * other format next to it; `name` alone writes `name.svg` and `name.dot`. No file when omitted.
   */
  filename?: string;
  /** 'svg' or 'dot': which text to return (default: the filename's extension, else 'svg'). */
  format?: 'svg' | 'dot';
}

export async function renderSvg(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}

/**
 * Only SVG and DOT can be made without a system Graphviz: any other format or file extension is
 * refused before anything is written (a `.png` name holding SVG text would not open as PNG).
 */
function checkFormat(opts: VisualizeOptions): void {
  checkVisualizeKeys(opts);
  const rawFormat = (opts as { format?: unknown }).format;
  const format = typeof rawFormat === 'string' ? rawFormat.toLowerCase() : rawFormat;
  const ext = opts.filename ? /\.([^./\\]+)$/.exec(opts.filename)?.[1]?.toLowerCase() : undefined;
  const bad = format !== undefined && format !== 'svg' && format !== 'dot' ? `format ${JSON.stringify(format)}` : ext !== undefined && ext !== 'svg' && ext !== 'dot' ? `file name ${opts.filename}` : undefined;
  if (bad) {
    throw new SsdpError('E_VISUALIZE_FORMAT', `visualize: cannot write ${bad}: only SVG and DOT are supported`, {
      hint: "Use { format: 'svg' } or { format: 'dot' } and a filename ending in .svg (or without an extension); convert the SVG with another tool if you need PNG.",
    });
  }
}

function checkVisualizeKeys(opts: object): void {
  for (const key of Object.keys(opts)) {
    if (VISUALIZE_OPTIONS.includes(key)) continue;
    const near = closest(key, VISUALIZE_OPTIONS);
    throw new SsdpError('E_VISUALIZE_OPTION', `visualize: unknown option '${key}'${near ? ` (did you mean '${near}'?)` : ''}`, {
      hint: `Options are ${VISUALIZE_OPTIONS.join(', ')}.`,
    });
  }
}

const VISUALIZE_OPTIONS = ['filename', 'format'];

function isComputable(x: unknown): x is Computable {
  return (typeof x === 'object' || typeof x === 'function') && x !== null && typeof (x as Computable).ssdpKeys === 'function';
}

/**
 * `visualize(a)`, `visualize(a, b, { filename })` (dask.visualize(a, b)) or `visualize([a, b], opts)`:
 * the last argument is the options when it is not a placeholder.
 */
export async function visualize(...args: (Computable | Computable[] | VisualizeOptions | undefined)[]): Promise<string> {
  const last = args.at(-1);
  const opts = (args.length > 1 && !Array.isArray(last) && !isComputable(last) ? args.pop() ?? {} : {}) as VisualizeOptions;
  checkFormat(opts);
  const items = args.flat() as Computable[];
  items.forEach((item, i) => {
    if (!isComputable(item)) {
      throw new SsdpError('E_VISUALIZE_ARGUMENT', `visualize: argument ${i + 1} is not a placeholder or collection.`, {
        hint: 'Pass delayed values, arrays or bags, then one options object last.',
      });
    }
  });
  const graph: Graph = cull(graphOfAll(...items), items.map((i) => i.ssdpKeys()));
  const dot = toDot(graph);
  const svg = await renderSvg(dot);
  const ext = opts.filename ? /\.(svg|dot)$/i.exec(opts.filename)?.[1]?.toLowerCase() : undefined;
  if (opts.filename) {
    const dir = dirname(resolve(opts.filename));
    if (!existsSync(dir)) {
      throw new SsdpError('E_VISUALIZE_PATH', `visualize: cannot write ${opts.filename}: the folder ${dir} does not exist.`, {
        hint: 'Create the folder first, or give a filename in an existing folder.',
      });
    }
    // the file asked for, by the name given (`Graph.SVG` stays `Graph.SVG`), and the other format
    // next to it; a name without an extension gets both
    const base = ext ? opts.filename.slice(0, -ext.length - 1) : opts.filename;
    writeFileSync(ext === 'dot' ? opts.filename : `${base}.dot`, dot);
    writeFileSync(ext === 'svg' ? opts.filename : `${base}.svg`, svg);
  }
  const format = (opts.format as string | undefined)?.toLowerCase() ?? ext ?? 'svg';
  return format === 'dot' ? dot : svg;
}

/** The DOT text of placeholders/collections. */
export function toDotOf(...items: Computable[]): string {
  return toDot(cull(graphOfAll(...items), items.map((i) => i.ssdpKeys())));
}

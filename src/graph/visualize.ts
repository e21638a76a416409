/**
 * `visualize(x, { filename })`: writes the graph of placeholders/collections as DOT and as an SVG
 * a user can open (rendered by @viz-js/viz, Graphviz compiled to WebAssembly, so no system
 * graphviz is needed). Returns the SVG text.
 */
import { writeFileSync } from 'node:fs';
import { SsdpError } from '../util/errors.js';
import { toDot } from './dot.js';
import { graphOfAll } from './delayed.js';
import { cull } from './plan.js';
import type { Computable, Graph } from './types.js';

export interface VisualizeOptions {
  /** Output file: `name.svg` (and `name.dot` next to it). No file is written when omitted. */
  filename?: string;
  /** 'svg' (default) or 'dot': which text to return. */
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
  const format = (opts as { format?: unknown }).format;
  const ext = opts.filename ? /\.([^./\\]+)$/.exec(opts.filename)?.[1] : undefined;
  const bad = format !== undefined && format !== 'svg' && format !== 'dot' ? `format ${JSON.stringify(format)}` : ext !== undefined && ext !== 'svg' && ext !== 'dot' ? `file name ${opts.filename}` : undefined;
  if (bad) {
    throw new SsdpError('E_VISUALIZE_FORMAT', `visualize: cannot write ${bad}: only SVG and DOT are supported`, {
      hint: "Use { format: 'svg' } or { format: 'dot' } and a filename ending in .svg (or without an extension); convert the SVG with another tool if you need PNG.",
    });
  }
}

export async function visualize(x: Computable | Computable[], opts: VisualizeOptions = {}): Promise<string> {
  checkFormat(opts);
  const items = Array.isArray(x) ? x : [x];
  const graph: Graph = cull(graphOfAll(...items), items.map((i) => i.ssdpKeys()));
  const dot = toDot(graph);
  const svg = await renderSvg(dot);
  if (opts.filename) {
    const base = opts.filename.replace(/\.(svg|dot)$/, '');
    writeFileSync(`${base}.dot`, dot);
    writeFileSync(`${base}.svg`, svg);
  }
  return opts.format === 'dot' ? dot : svg;
}

/** The DOT text of placeholders/collections. */
export function toDotOf(...items: Computable[]): string {
  return toDot(cull(graphOfAll(...items), items.map((i) => i.ssdpKeys())));
}

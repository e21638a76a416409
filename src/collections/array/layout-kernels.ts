/**
 * Chunk kernels that move values between layouts: gathering pieces of several blocks into one
 * (rechunk), transposing, and the per-block parts of where/argmin/argmax/cumsum/histogram. Kept
 * apart from kernels.ts so workers import them by name from their own module.
 */
import { allocate, sizeOf, stridesOf, type DType, type NDArray } from './ndarray.js';
import { SsdpError } from '../../util/errors.js';
import { markMovable } from '../../graph/wire.js';
import { broadcastShapes, concatChunks, sliceChunk, type AxisSelection } from './kernels.js';

/** Copies `src` (whole) into `out` (of `outShape`) with its corner at `at`. */
function place(out: NDArray['data'], outShape: readonly number[], src: NDArray, at: readonly number[]): void {
  const nd = outShape.length;
  if (src.data.length === 0) return;
  if (nd === 0) {
    out[0] = src.data[0]!;
    return;
  }
  const st = stridesOf(outShape);
  const L = src.shape[nd - 1]!;
  const rows = src.data.length / L;
  const rowIdx = new Array<number>(nd - 1).fill(0);
  for (let r = 0; r < rows; r++) {
    let off = at[nd - 1]!;
    for (let d = 0; d < nd - 1; d++) off += (at[d]! + rowIdx[d]!) * st[d]!;
    out.set(src.data.subarray(r * L, (r + 1) * L), off);
    for (let d = nd - 2; d >= 0; d--) {
      if (++rowIdx[d]! < src.shape[d]!) break;
      rowIdx[d] = 0;
    }
  }
}

/**
 * One input block of a rechunk cut into the pieces the output blocks take (Dask's
 * `rechunk-split`): each piece in a buffer of its own, so it travels alone to the output block
 * that needs it. Handing whole input blocks to every output block they overlap moved each block
 * once per output block (a 288 MB rows-to-columns rechunk: 2.9 GB cloned between threads).
 */
export function splitChunk(block: NDArray, sels: AxisSelection[][]): NDArray[] {
  return sels.map((s) => markMovable(sliceChunk(block, s, s.map((x) => x.count))));
}

/** The one piece of an input block that a rechunk's output blocks take (see `splitChunk`). */
export function cutChunk(block: NDArray, sel: AxisSelection[]): NDArray {
  return markMovable(sliceChunk(block, sel, sel.map((x) => x.count)));
}

/**
 * One output block of a rechunk (Dask's `rechunk-merge`): the pieces `parts[i]`, each put whole
 * at corner `at[i]` of a block of `shape`.
 */
export function gatherChunk(parts: NDArray[], at: number[][], shape: number[], dtype: DType): NDArray {
  const out = allocate(dtype, sizeOf(shape));
  for (let i = 0; i < parts.length; i++) place(out, shape, parts[i]!, at[i]!);
  return markMovable({ shape, dtype, data: out });
}

/** The block with its axes permuted (`out.shape[i] = a.shape[axes[i]]`). */
export function transposeChunk(a: NDArray, axes: number[]): NDArray {
  const shape = axes.map((ax) => a.shape[ax]!);
  const n = a.data.length;
  const out = allocate(a.dtype, n);
  const ist = stridesOf(a.shape);
  const st = axes.map((ax) => ist[ax]!);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  const x = a.data;
  for (let i = 0; i < n; i++) {
    out[i] = x[off]!;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      off += st[d]!;
      if (idx[d]! < shape[d]!) break;
      off -= st[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return { shape, dtype: a.dtype, data: out };
}

/** Element strides of `shape` read as `outShape` (0 where it broadcasts). */
function readStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const st = stridesOf(shape);
  const off = outShape.length - shape.length;
  return outShape.map((_, i) => (i < off || shape[i - off] === 1 ? 0 : st[i - off]!));
}

/** `cond ? x : y` element by element, all three broadcast to `shape`. */
export function whereChunk(cond: NDArray | number, x: NDArray | number, y: NDArray | number, shape: number[], dtype: DType): NDArray {
  // blocks of unknown length (after a mask) have their shape only now
  if (shape.some(Number.isNaN)) shape = [cond, x, y].reduce<number[]>((s, v) => (typeof v === 'number' ? s : broadcastShapes(s, v.shape)), []);
  const n = sizeOf(shape);
  const out = allocate(dtype, n);
  const ops = [cond, x, y].map((v) => (typeof v === 'number' ? { data: [v], st: shape.map(() => 0) } : { data: v.data, st: readStrides(v.shape, shape) }));
  const [c, a, b] = ops as [(typeof ops)[0], (typeof ops)[0], (typeof ops)[0]];
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let oc = 0;
  let oa = 0;
  let ob = 0;
  for (let i = 0; i < n; i++) {
    out[i] = c.data[oc] !== 0 ? a.data[oa]! : b.data[ob]!; // NaN is true, as NumPy's bool(nan)
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      oc += c.st[d]!;
      oa += a.st[d]!;
      ob += b.st[d]!;
      if (idx[d]! < shape[d]!) break;
      oc -= c.st[d]! * shape[d]!;
      oa -= a.st[d]! * shape[d]!;
      ob -= b.st[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return { shape, dtype, data: out };
}

/** Walks every fibre along `axis`: `f(base, stride, length)` with element offsets. */
function eachFibre(shape: readonly number[], axis: number, f: (base: number, stride: number, len: number, fibre: number) => void): void {
  const st = stridesOf(shape);
  const len = shape[axis]!;
  const inner = st[axis]!;
  const outer = sizeOf(shape.slice(0, axis));
  let fibre = 0;
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) f(o * len * inner + i, inner, len, fibre++);
}

/** Running sums along `axis`, starting from `carry` (a block with extent 1 on `axis`) if given. */
export function cumsumChunk(a: NDArray, axis: number, dtype: DType, carry: NDArray | null): NDArray {
  const out = allocate(dtype, a.data.length);
  const x = a.data;
  eachFibre(a.shape, axis, (base, stride, len, fibre) => {
    let acc = carry ? carry.data[fibre]! : 0;
    for (let j = 0, p = base; j < len; j++, p += stride) out[p] = acc += x[p]!;
  });
  return { shape: a.shape, dtype, data: out };
}

/** The totals a block passes on: `carry` plus the block's sum along `axis` (extent 1 there). */
export function carryChunk(a: NDArray, axis: number, dtype: DType, carry: NDArray | null): NDArray {
  const shape = a.shape.map((s, d) => (d === axis ? 1 : s));
  const out = allocate(dtype, sizeOf(shape));
  const x = a.data;
  eachFibre(a.shape, axis, (base, stride, len, fibre) => {
    let acc = carry ? carry.data[fibre]! : 0;
    for (let j = 0, p = base; j < len; j++, p += stride) acc += x[p]!;
    out[fibre] = acc;
  });
  return { shape, dtype, data: out };
}

/**
 * argmin/argmax along `axis` over the blocks that lie along it (in order, starting at
 * `offsets[i]`): NumPy's rules, so the first extreme wins and a NaN is the answer once seen.
 */
export function argChunks(blocks: NDArray[], starts: number[], axis: number, op: 'argmin' | 'argmax'): NDArray {
  const first = blocks[0]!;
  const shape = first.shape.filter((_, d) => d !== axis);
  const n = sizeOf(shape);
  const best = new Float64Array(n).fill(NaN);
  const seen = new Uint8Array(n);
  const idx = new Int32Array(n);
  const better = op === 'argmin' ? (v: number, b: number) => v < b : (v: number, b: number) => v > b;
  blocks.forEach((blk, i) => {
    const x = blk.data;
    eachFibre(blk.shape, axis, (base, stride, len, fibre) => {
      if (seen[fibre] === 2) return; // a NaN already won
      for (let j = 0, p = base; j < len; j++, p += stride) {
        const v = x[p]!;
        if (v !== v) {
          idx[fibre] = starts[i]! + j;
          seen[fibre] = 2;
          return;
        }
        if (!seen[fibre] || better(v, best[fibre]!)) {
          best[fibre] = v;
          idx[fibre] = starts[i]! + j;
          seen[fibre] = 1;
        }
      }
    });
  });
  return { shape, dtype: 'int32', data: idx };
}

/**
 * Counts of one block's values in the bins `edges` (NumPy's rule for given edges: bin i holds
 * edges[i] <= v < edges[i+1], the last bin also its right edge; NaN and values outside are not
 * counted), as a (1, bins) float64 chunk so that blocks stack and sum.
 */
export function histogramChunk(a: NDArray, given: number[] | NDArray): NDArray {
  const edges = Array.isArray(given) ? given : checkedEdges(given);
  const bins = edges.length - 1;
  const out = new Float64Array(bins);
  const lo = edges[0]!;
  const hi = edges[bins]!;
  const x = a.data;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!(v >= lo && v <= hi)) continue;
    // the last edge <= v (binary search), the closed last bin taking v == hi
    let l = 0;
    let r = bins;
    while (r - l > 1) {
      const m = (l + r) >> 1;
      if (edges[m]! <= v) l = m;
      else r = m;
    }
    out[l]!++;
  }
  return { shape: [1, bins], dtype: 'float64', data: out };
}

/** Edges computed from a chunked array: checked here, as given numbers are when the graph is built. */
function checkedEdges(a: NDArray): number[] {
  const edges = Array.from(a.data as ArrayLike<number>, Number);
  if (edges.some((e, i) => !Number.isFinite(e) || (i > 0 && e < edges[i - 1]!))) {
    throw new SsdpError('E_ARRAY_ARGUMENT', `array.histogram: the bin edges array holds [${edges.slice(0, 8).join(', ')}${edges.length > 8 ? ', ...' : ''}]; edges must be finite and increasing.`, {
      hint: 'Sort the edges and drop NaN/infinite ones before passing them as bins.',
    });
  }
  return edges;
}

/** Blocks laid out C-order on `grid` (over `axes` of the blocks) joined into one block. */
export function concatGridChunk(parts: NDArray[], grid: number[], axes: number[]): NDArray {
  if (grid.length === 0) return parts[0]!;
  const inner = grid.slice(1).reduce((a, b) => a * b, 1);
  const rows: NDArray[] = [];
  for (let i = 0; i < grid[0]!; i++) rows.push(concatGridChunk(parts.slice(i * inner, (i + 1) * inner), grid.slice(1), axes.slice(1)));
  return rows.length === 1 ? rows[0]! : concatChunks(rows, axes[0]!);
}

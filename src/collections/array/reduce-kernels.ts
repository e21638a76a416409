/**
 * Tree-reduction kernels. A reduction runs in three kinds of task, as in Dask:
 *   partialReduce  one chunk -> a Partial (float64 accumulators, reduced axes kept with extent 1)
 *   combinePartials  several Partials of the same output block -> one Partial
 *   finalizeReduction  a Partial -> the result chunk (count-aware: NaN where nothing was counted)
 * Variance travels as (count, mean, M2) and is combined with Chan et al.'s parallel formula, which
 * stays accurate where sum-of-squares formulas cancel catastrophically. NaN rules are NumPy's:
 * plain reductions propagate NaN, nan* ones skip it, and an all-NaN or empty input gives NaN.
 */
import { allocate, isFloat, sizeOf, stridesOf, type DType, type NDArray } from './ndarray.js';
import { UniformStream } from './rng.js';
import { markMovable } from '../../graph/wire.js';

export type ReductionOp =
  | 'sum'
  | 'nansum'
  | 'mean'
  | 'nanmean'
  | 'min'
  | 'max'
  | 'nanmin'
  | 'nanmax'
  | 'var'
  | 'nanvar'
  | 'std'
  | 'nanstd';

export const REDUCTION_OPS: readonly ReductionOp[] = [
  'sum',
  'nansum',
  'mean',
  'nanmean',
  'min',
  'max',
  'nanmin',
  'nanmax',
  'var',
  'nanvar',
  'std',
  'nanstd',
];

export type PartialKind = 'sum' | 'min' | 'max' | 'moments' | 'stats';

/**
 * Accumulators for one output block, laid out C-order over `shape` (the block's shape with the
 * reduced axes at extent 1). `a` is the sum, the extreme, or the mean; `m2` only for moments.
 */
export interface Partial {
  kind: PartialKind;
  shape: number[];
  count: Float64Array;
  a: Float64Array;
  m2: Float64Array | null;
  /** 'stats' only: minimum and maximum. */
  lo?: Float64Array;
  hi?: Float64Array;
}

export function partialKind(op: ReductionOp): PartialKind {
  switch (op) {
    case 'sum':
    case 'nansum':
    case 'mean':
    case 'nanmean':
      return 'sum';
    case 'min':
    case 'nanmin':
      return 'min';
    case 'max':
    case 'nanmax':
      return 'max';
    default:
      return 'moments';
  }
}

export function skipsNaN(op: ReductionOp): boolean {
  return op.startsWith('nan');
}

/** The dtype of a reduction's result, as NumPy: float inputs keep their width, sums of ints
 * widen (to float64 here, having no int64), extremes keep the input dtype. */
export function reductionDType(op: ReductionOp, input: DType): DType {
  const k = partialKind(op);
  if (k === 'min' || k === 'max') return input;
  return isFloat(input) ? input : 'float64';
}

/**
 * For each row (run along the last axis) of `shape`, the offset of its first output element
 * when the axes flagged in `reduced` collapse to extent 1.
 */
function rowBases(shape: readonly number[], reduced: readonly boolean[]): Int32Array {
  const nd = shape.length;
  const outShape = shape.map((s, d) => (reduced[d] ? 1 : s));
  const ost = stridesOf(outShape).map((s, d) => (reduced[d] ? 0 : s));
  const rows = nd === 0 ? 1 : sizeOf(shape.slice(0, nd - 1));
  const bases = new Int32Array(rows);
  const idx = new Array<number>(Math.max(nd - 1, 0)).fill(0);
  let off = 0;
  for (let r = 0; r < rows; r++) {
    bases[r] = off;
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]!++;
      off += ost[d]!;
      if (idx[d]! < shape[d]!) break;
      off -= ost[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return bases;
}

function normaliseAxes(nd: number, axes: readonly number[]): boolean[] {
  const reduced = new Array<boolean>(nd).fill(false);
  for (const ax of axes) reduced[ax] = true;
  return reduced;
}

/**
 * Reduces one chunk over `axes` (non-negative, any set) to a Partial for `op`. Every output
 * element receives the same number of inputs, so nan* variants count only the NaNs they skip
 * (rare) instead of every value they keep: one read-modify-write per element, not two.
 */
export function partialReduce(chunk: NDArray, axes: number[], op: ReductionOp): Partial {
  const kind = partialKind(op);
  const nan = skipsNaN(op);
  const shape0 = chunk.shape;
  const reduced = normaliseAxes(shape0.length, axes);
  const outShape = shape0.map((s, d) => (reduced[d] ? 1 : s));
  const n = sizeOf(outShape);
  const a = new Float64Array(n);
  const p: Partial = { kind, shape: outShape, count: new Float64Array(n), a, m2: null };
  if (chunk.data.length === 0) {
    if (kind === 'min') a.fill(Infinity);
    else if (kind === 'max') a.fill(-Infinity);
    if (kind === 'moments') p.m2 = new Float64Array(n);
    return markMovable(p);
  }
  const perOut = chunk.data.length / n;
  const nd = shape0.length;
  const L = nd === 0 ? 1 : shape0[nd - 1]!;
  const lastReduced = nd > 0 && reduced[nd - 1]!;
  const bases = rowBases(shape0, reduced);
  const x = chunk.data;
  const nans = new Float64Array(n);
  if (kind === 'sum' || kind === 'moments') {
    sumRows(x, bases, L, lastReduced, nan, a, nans);
    p.count = countsFrom(perOut, nans, nan);
    if (kind === 'moments') {
      // Second pass around the chunk mean: exact to float64 rounding, no cancellation.
      const count = p.count;
      for (let i = 0; i < n; i++) a[i] = count[i]! > 0 ? a[i]! / count[i]! : 0;
      const m2 = new Float64Array(n);
      squaresRows(x, bases, L, lastReduced, nan, a, m2);
      p.m2 = m2;
    }
    return markMovable(p);
  }
  a.fill(kind === 'min' ? Infinity : -Infinity);
  if (kind === 'min') minRows(x, bases, L, lastReduced, nan, a, nans);
  else maxRows(x, bases, L, lastReduced, nan, a, nans);
  p.count = countsFrom(perOut, nans, true);
  return markMovable(p);
}

function countsFrom(perOut: number, nans: Float64Array, skipped: boolean): Float64Array {
  const c = new Float64Array(nans.length);
  for (let i = 0; i < c.length; i++) c[i] = skipped ? perOut - nans[i]! : perOut;
  return c;
}

type Data = NDArray['data'];

function sumRows(x: Data, bases: Int32Array, L: number, lastReduced: boolean, nan: boolean, a: Float64Array, nans: Float64Array): void {
  for (let r = 0, off = 0; r < bases.length; r++, off += L) {
    const b = bases[r]!;
    if (!lastReduced && r + 3 < bases.length && bases[r + 3] === b && bases[r + 2] === b && bases[r + 1] === b) {
      // Four rows into the same accumulators at once (the common axis-0 case): a quarter of
      // the accumulator traffic.
      const o1 = off + L;
      const o2 = o1 + L;
      const o3 = o2 + L;
      for (let j = 0; j < L; j++) {
        const v0 = x[off + j]!;
        const v1 = x[o1 + j]!;
        const v2 = x[o2 + j]!;
        const v3 = x[o3 + j]!;
        if (!nan) a[b + j] += v0 + v1 + v2 + v3;
        else {
          a[b + j] += (v0 === v0 ? v0 : 0) + (v1 === v1 ? v1 : 0) + (v2 === v2 ? v2 : 0) + (v3 === v3 ? v3 : 0);
          if (v0 !== v0 || v1 !== v1 || v2 !== v2 || v3 !== v3) {
            nans[b + j] += (v0 !== v0 ? 1 : 0) + (v1 !== v1 ? 1 : 0) + (v2 !== v2 ? 1 : 0) + (v3 !== v3 ? 1 : 0);
          }
        }
      }
      r += 3;
      off += 3 * L;
      continue;
    }
    if (lastReduced) {
      let s = 0;
      let c = 0;
      for (let j = off, e = off + L; j < e; j++) {
        const v = x[j]!;
        if (v === v || !nan) s += v;
        else c++;
      }
      a[b] += s;
      nans[b] += c;
    } else if (nan) {
      for (let j = 0; j < L; j++) {
        const v = x[off + j]!;
        if (v === v) a[b + j] += v;
        else nans[b + j]++;
      }
    } else {
      for (let j = 0; j < L; j++) a[b + j] += x[off + j]!;
    }
  }
}

function squaresRows(x: Data, bases: Int32Array, L: number, lastReduced: boolean, nan: boolean, mean: Float64Array, m2: Float64Array): void {
  for (let r = 0, off = 0; r < bases.length; r++, off += L) {
    const b = bases[r]!;
    if (!lastReduced && r + 3 < bases.length && bases[r + 3] === b && bases[r + 2] === b && bases[r + 1] === b) {
      const o1 = off + L;
      const o2 = o1 + L;
      const o3 = o2 + L;
      for (let j = 0; j < L; j++) {
        const m = mean[b + j]!;
        const v0 = x[off + j]!;
        const v1 = x[o1 + j]!;
        const v2 = x[o2 + j]!;
        const v3 = x[o3 + j]!;
        const d0 = v0 - m;
        const d1 = v1 - m;
        const d2 = v2 - m;
        const d3 = v3 - m;
        if (!nan) m2[b + j] += d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3;
        else m2[b + j] += (v0 === v0 ? d0 * d0 : 0) + (v1 === v1 ? d1 * d1 : 0) + (v2 === v2 ? d2 * d2 : 0) + (v3 === v3 ? d3 * d3 : 0);
      }
      r += 3;
      off += 3 * L;
      continue;
    }
    if (lastReduced) {
      const m = mean[b]!;
      let s = 0;
      for (let j = off, e = off + L; j < e; j++) {
        const v = x[j]!;
        const d = v - m;
        if (v === v || !nan) s += d * d;
      }
      m2[b] += s;
    } else {
      for (let j = 0; j < L; j++) {
        const v = x[off + j]!;
        const d = v - mean[b + j]!;
        if (v === v || !nan) m2[b + j] += d * d;
      }
    }
  }
}

// min and max are separate functions so each inner loop has one fixed comparison.
// A NaN makes a plain min/max NaN for good (`e !== e` keeps it); nan* variants count it instead.

function minRows(x: Data, bases: Int32Array, L: number, lastReduced: boolean, nan: boolean, a: Float64Array, nans: Float64Array): void {
  for (let r = 0, off = 0; r < bases.length; r++, off += L) {
    const b = bases[r]!;
    if (lastReduced) {
      let e = a[b]!;
      let c = 0;
      for (let j = off, end = off + L; j < end; j++) {
        const v = x[j]!;
        if (v < e) e = v;
        else if (v !== v) c++;
      }
      if (c > 0 && !nan) e = NaN;
      if (a[b] !== a[b]) e = NaN;
      a[b] = e;
      nans[b] += c;
    } else {
      for (let j = 0; j < L; j++) {
        const v = x[off + j]!;
        const o = b + j;
        if (v < a[o]!) a[o] = v;
        else if (v !== v) {
          nans[o]++;
          if (!nan) a[o] = NaN;
        }
      }
    }
  }
}

function maxRows(x: Data, bases: Int32Array, L: number, lastReduced: boolean, nan: boolean, a: Float64Array, nans: Float64Array): void {
  for (let r = 0, off = 0; r < bases.length; r++, off += L) {
    const b = bases[r]!;
    if (lastReduced) {
      let e = a[b]!;
      let c = 0;
      for (let j = off, end = off + L; j < end; j++) {
        const v = x[j]!;
        if (v > e) e = v;
        else if (v !== v) c++;
      }
      if (c > 0 && !nan) e = NaN;
      if (a[b] !== a[b]) e = NaN;
      a[b] = e;
      nans[b] += c;
    } else {
      for (let j = 0; j < L; j++) {
        const v = x[off + j]!;
        const o = b + j;
        if (v > a[o]!) a[o] = v;
        else if (v !== v) {
          nans[o]++;
          if (!nan) a[o] = NaN;
        }
      }
    }
  }
}

/**
 * Everything mean, min, max, var and std need, from one chunk: (count, mean, M2, min, max). The
 * reductions share this partial, so computing several statistics of one array together reads
 * each chunk once, and a chunk has a single consumer the scheduler can fuse it with (it is freed
 * right after, however many statistics are asked for). Two passes: sums and extremes, then
 * squared deviations from the chunk mean.
 */
export function partialStats(chunk: NDArray, axes: number[], nan: boolean): Partial {
  const shape0 = chunk.shape;
  const reduced = normaliseAxes(shape0.length, axes);
  const outShape = shape0.map((s, d) => (reduced[d] ? 1 : s));
  const n = sizeOf(outShape);
  const a = new Float64Array(n);
  const m2 = new Float64Array(n);
  const lo = new Float64Array(n).fill(Infinity);
  const hi = new Float64Array(n).fill(-Infinity);
  const nans = new Float64Array(n);
  const p: Partial = { kind: 'stats', shape: outShape, count: nans, a, m2, lo, hi };
  if (chunk.data.length === 0) return markMovable(p);
  const perOut = chunk.data.length / n;
  const nd = shape0.length;
  const L = nd === 0 ? 1 : shape0[nd - 1]!;
  const lastReduced = nd > 0 && reduced[nd - 1]!;
  const bases = rowBases(shape0, reduced);
  const x = chunk.data;
  statsRows(x, bases, L, lastReduced, a, lo, hi, nans);
  const count = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (nans[i]! > 0 && !nan) {
      // a plain statistic meets a NaN: every result is NaN
      count[i] = perOut;
      a[i] = lo[i] = hi[i] = NaN;
    } else {
      count[i] = perOut - nans[i]!;
      a[i] = count[i]! > 0 ? a[i]! / count[i]! : 0;
    }
  }
  p.count = count;
  squaresRows(x, bases, L, lastReduced, true, a, m2);
  for (let i = 0; i < n; i++) if (a[i] !== a[i]) m2[i] = NaN;
  return markMovable(p);
}

function accumulateOne(v: number, o: number, a: Float64Array, lo: Float64Array, hi: Float64Array, nans: Float64Array): void {
  if (v === v) {
    a[o] += v;
    if (v < lo[o]!) lo[o] = v;
    if (v > hi[o]!) hi[o] = v;
  } else nans[o]++;
}

/** Sums, minima and maxima of the non-NaN values, and NaN counts, per output element. */
function statsRows(x: Data, bases: Int32Array, L: number, lastReduced: boolean, a: Float64Array, lo: Float64Array, hi: Float64Array, nans: Float64Array): void {
  for (let r = 0, off = 0; r < bases.length; r++, off += L) {
    const b = bases[r]!;
    if (lastReduced) {
      let s = 0;
      let c = 0;
      let l = lo[b]!;
      let h = hi[b]!;
      for (let j = off, e = off + L; j < e; j++) {
        const v = x[j]!;
        if (v === v) {
          s += v;
          if (v < l) l = v;
          if (v > h) h = v;
        } else c++;
      }
      a[b] += s;
      lo[b] = l;
      hi[b] = h;
      nans[b] += c;
      continue;
    }
    if (r + 3 < bases.length && bases[r + 3] === b && bases[r + 2] === b && bases[r + 1] === b) {
      const o1 = off + L;
      const o2 = o1 + L;
      const o3 = o2 + L;
      for (let j = 0; j < L; j++) {
        const v0 = x[off + j]!;
        const v1 = x[o1 + j]!;
        const v2 = x[o2 + j]!;
        const v3 = x[o3 + j]!;
        const o = b + j;
        if (v0 === v0 && v1 === v1 && v2 === v2 && v3 === v3) {
          a[o] += v0 + v1 + v2 + v3;
          // Compare each value with the running extreme: after the first rows these branches are
          // almost never taken, so they predict well (a min-of-four tree on random data does not).
          let l = lo[o]!;
          let h = hi[o]!;
          if (v0 < l) l = v0;
          if (v1 < l) l = v1;
          if (v2 < l) l = v2;
          if (v3 < l) l = v3;
          if (v0 > h) h = v0;
          if (v1 > h) h = v1;
          if (v2 > h) h = v2;
          if (v3 > h) h = v3;
          lo[o] = l;
          hi[o] = h;
        } else {
          accumulateOne(v0, o, a, lo, hi, nans);
          accumulateOne(v1, o, a, lo, hi, nans);
          accumulateOne(v2, o, a, lo, hi, nans);
          accumulateOne(v3, o, a, lo, hi, nans);
        }
      }
      r += 3;
      off += 3 * L;
      continue;
    }
    for (let j = 0; j < L; j++) {
      const v = x[off + j]!;
      const o = b + j;
      if (v === v) {
        a[o] += v;
        if (v < lo[o]!) lo[o] = v;
        if (v > hi[o]!) hi[o] = v;
      } else nans[o]++;
    }
  }
}

/**
 * The partial of several thin blocks of one output block at once (blocks whose reduced extent is
 * a few elements, such as stacked images: one per block would be several times the block's own
 * size, a 443 x 235 float32 image giving 4 MB of float64 statistics). Every block is folded into
 * one set of accumulators: sums and extremes first, then squared deviations from the group's
 * mean. `sumOp` set: a sum partial (as partialReduce); null: the full statistics (partialStats).
 */
export function groupPartial(chunks: NDArray[], axes: number[], sumOp: ReductionOp | null, nan: boolean): Partial {
  const first = chunks[0]!;
  const reduced = normaliseAxes(first.shape.length, axes);
  const outShape = first.shape.map((s, d) => (reduced[d] ? 1 : s));
  const n = sizeOf(outShape);
  const nd = outShape.length;
  // rows run along the last axis, whose length differs between blocks when it is reduced
  const L = (c: NDArray): number => (nd === 0 ? 1 : c.shape[nd - 1]!);
  const lastReduced = nd > 0 && reduced[nd - 1]!;
  const total = n > 0 ? chunks.reduce((t, c) => t + c.data.length / n, 0) : 0;
  // Blocks with one input per output element map onto the accumulators element for element.
  const flat = chunks.every((c) => c.data.length === n);
  const xs = chunks.map((c) => c.data);
  const a = new Float64Array(n);
  const nans = new Float64Array(n);
  if (sumOp) {
    const skip = skipsNaN(sumOp);
    if (flat) sumTiled(xs, skip, a, nans);
    else for (const c of chunks) if (c.data.length > 0) sumRows(c.data, rowBases(c.shape, reduced), L(c), lastReduced, skip, a, nans);
    return markMovable({ kind: 'sum', shape: outShape, count: countsFrom(total, nans, skip), a, m2: null });
  }
  const lo = new Float64Array(n).fill(Infinity);
  const hi = new Float64Array(n).fill(-Infinity);
  const m2 = new Float64Array(n);
  // nans becomes the count, in place
  const count = nans;
  if (flat) {
    statsTiled(xs, total, nan, a, lo, hi, count, m2);
    return markMovable({ kind: 'stats', shape: outShape, count, a, m2, lo, hi });
  }
  const live = chunks.filter((c) => c.data.length > 0);
  for (const c of live) statsRows(c.data, rowBases(c.shape, reduced), L(c), lastReduced, a, lo, hi, nans);
  for (let i = 0; i < n; i++) finishMean(i, total, nan, a, lo, hi, count);
  for (const c of live) squaresRows(c.data, rowBases(c.shape, reduced), L(c), lastReduced, true, a, m2);
  if (!nan) for (let i = 0; i < n; i++) if (a[i] !== a[i]) m2[i] = NaN;
  return markMovable({ kind: 'stats', shape: outShape, count, a, m2, lo, hi });
}

/** Turns element i's NaN count into its count and its sum into its mean (NaN for a plain statistic meeting a NaN). */
function finishMean(i: number, total: number, nan: boolean, a: Float64Array, lo: Float64Array, hi: Float64Array, count: Float64Array): void {
  if (count[i]! > 0 && !nan) {
    count[i] = total;
    a[i] = lo[i] = hi[i] = NaN;
  } else {
    count[i] = total - count[i]!;
    a[i] = count[i]! > 0 ? a[i]! / count[i]! : 0;
  }
}

/**
 * Elements per tile of the *Tiled kernels: they fold every block into one tile of accumulators
 * before the next tile, so the float64 accumulators (several times the size of one float32
 * block) stay in cache while the blocks stream past once.
 */
const TILE = 2048;

function sumTiled(xs: Data[], skip: boolean, a: Float64Array, nans: Float64Array): void {
  const n = a.length;
  for (let t0 = 0; t0 < n; t0 += TILE) {
    const t1 = Math.min(n, t0 + TILE);
    for (const x of xs) {
      if (skip) {
        for (let i = t0; i < t1; i++) {
          const v = x[i]!;
          if (v === v) a[i] += v;
          else nans[i]++;
        }
      } else for (let i = t0; i < t1; i++) a[i] += x[i]!;
    }
  }
}

/** Sums, extremes, counts, then squared deviations from the mean, tile by tile. */
function statsTiled(xs: Data[], total: number, nan: boolean, a: Float64Array, lo: Float64Array, hi: Float64Array, count: Float64Array, m2: Float64Array): void {
  const n = a.length;
  for (let t0 = 0; t0 < n; t0 += TILE) {
    const t1 = Math.min(n, t0 + TILE);
    for (const x of xs) {
      for (let i = t0; i < t1; i++) {
        const v = x[i]!;
        if (v === v) a[i] += v;
        else count[i]++;
        // a NaN compares false: the extremes skip it without a branch of their own
        if (v < lo[i]!) lo[i] = v;
        if (v > hi[i]!) hi[i] = v;
      }
    }
    for (let i = t0; i < t1; i++) finishMean(i, total, nan, a, lo, hi, count);
    for (const x of xs) {
      for (let i = t0; i < t1; i++) {
        const v = x[i]!;
        const d = v - a[i]!;
        if (v === v) m2[i] += d * d;
      }
    }
    if (!nan) for (let i = t0; i < t1; i++) if (a[i] !== a[i]) m2[i] = NaN;
  }
}

/** Merges Partials of the same output block (same kind and shape) into one. */
export function combinePartials(parts: Partial[]): Partial {
  const first = parts[0]!;
  const n = first.a.length;
  const count = Float64Array.from(first.count);
  const a = Float64Array.from(first.a);
  const m2 = first.m2 ? Float64Array.from(first.m2) : null;
  const kind = first.kind;
  if (kind === 'stats') return combineStats(parts, count, a, m2!);
  for (let k = 1; k < parts.length; k++) {
    const p = parts[k]!;
    const pc = p.count;
    const pa = p.a;
    if (kind === 'sum') {
      for (let i = 0; i < n; i++) {
        a[i] += pa[i]!;
        count[i] += pc[i]!;
      }
    } else if (kind === 'min' || kind === 'max') {
      const isMin = kind === 'min';
      for (let i = 0; i < n; i++) {
        const v = pa[i]!;
        // NaN (only ever present for plain min/max) wins and stays.
        if (v !== v || (isMin ? v < a[i]! : v > a[i]!)) {
          if (a[i] === a[i]) a[i] = v;
        }
        count[i] += pc[i]!;
      }
    } else {
      const pm = p.m2!;
      for (let i = 0; i < n; i++) mergeMoments(i, count, a, m2!, pc, pa, pm);
    }
  }
  return markMovable({ kind, shape: first.shape, count, a, m2 });
}

/** Merges element i of moments (count, mean, M2) `pc, pa, pm` into `count, a, m` (Chan et al.). */
function mergeMoments(i: number, count: Float64Array, a: Float64Array, m: Float64Array, pc: Float64Array, pa: Float64Array, pm: Float64Array): void {
  const nb = pc[i]!;
  if (nb === 0) return;
  const na = count[i]!;
  const nab = na + nb;
  const delta = pa[i]! - a[i]!;
  if (na === 0) {
    a[i] = pa[i]!;
    m[i] = pm[i]!;
  } else if (delta - delta !== 0) {
    // an infinite (or NaN) mean: Chan's update would compute inf - inf where NumPy's mean
    // is the plain weighted one; any variance over an infinity is NaN in NumPy
    a[i] = a[i]! * (na / nab) + pa[i]! * (nb / nab);
    m[i] = NaN;
  } else {
    a[i] += (delta * nb) / nab;
    m[i] += pm[i]! + ((delta * delta * na) / nab) * nb;
  }
  count[i] = nab;
}

/**
 * The 'stats' case of combinePartials in one pass per part: moments by Chan's update (as the
 * 'moments' case), extremes as the 'min'/'max' cases (a NaN, only from plain statistics, wins).
 */
function combineStats(parts: Partial[], count: Float64Array, a: Float64Array, m: Float64Array): Partial {
  const first = parts[0]!;
  const n = a.length;
  const lo = Float64Array.from(first.lo!);
  const hi = Float64Array.from(first.hi!);
  for (let k = 1; k < parts.length; k++) {
    const p = parts[k]!;
    const pc = p.count;
    const pa = p.a;
    const pm = p.m2!;
    const pl = p.lo!;
    const ph = p.hi!;
    for (let i = 0; i < n; i++) {
      const l = pl[i]!;
      if (l !== l || l < lo[i]!) {
        if (lo[i] === lo[i]) lo[i] = l;
      }
      const h = ph[i]!;
      if (h !== h || h > hi[i]!) {
        if (hi[i] === hi[i]) hi[i] = h;
      }
      mergeMoments(i, count, a, m, pc, pa, pm);
    }
  }
  return markMovable({ kind: 'stats', shape: first.shape, count, a, m2: m, lo, hi });
}

/**
 * Turns a Partial into the result chunk of `op` with `shape` (the Partial's values in the same
 * order, reduced axes dropped or kept as the caller chose).
 */
export function finalizeReduction(p: Partial, op: ReductionOp, ddof: number, shape: number[], dtype: DType): NDArray {
  if (p.kind === 'stats') {
    const k = partialKind(op);
    if (k === 'min') p = { ...p, kind: k, a: p.lo! };
    else if (k === 'max') p = { ...p, kind: k, a: p.hi! };
    else if (k === 'sum') {
      // mean and nanmean: the running mean itself
      const out = allocate(dtype, p.a.length);
      for (let i = 0; i < out.length; i++) out[i] = p.count[i]! > 0 ? p.a[i]! : NaN;
      return markMovable({ shape, dtype, data: out });
    }
  }
  const n = p.a.length;
  const out = allocate(dtype, n);
  const { count, a } = p;
  switch (op) {
    case 'sum':
    case 'nansum':
      out.set(a);
      break;
    case 'mean':
    case 'nanmean':
      for (let i = 0; i < n; i++) out[i] = count[i]! > 0 ? a[i]! / count[i]! : NaN;
      break;
    case 'min':
    case 'max':
    case 'nanmin':
    case 'nanmax':
      for (let i = 0; i < n; i++) out[i] = count[i]! > 0 || a[i] !== a[i] ? a[i]! : NaN;
      break;
    default: {
      const m2 = p.m2!;
      const root = op === 'std' || op === 'nanstd';
      for (let i = 0; i < n; i++) {
        const dof = count[i]! - ddof;
        // none left (ddof = count): Dask divides by zero (inf, or NaN for 0/0); fewer than none: NaN
        const v = dof > 0 ? m2[i]! / dof : dof === 0 ? m2[i]! / 0 : NaN;
        out[i] = root ? Math.sqrt(v) : v;
      }
    }
  }
  return markMovable({ shape, dtype, data: out });
}

/** Combine and finalise in one task (the root of a tree reduction). */
export function aggregatePartials(parts: Partial[], op: ReductionOp, ddof: number, shape: number[], dtype: DType): NDArray {
  return finalizeReduction(parts.length === 1 ? parts[0]! : combinePartials(parts), op, ddof, shape, dtype);
}

/** A whole reduction of one in-memory array (reference path and single-chunk shortcut). */
export function reduceChunk(
  chunk: NDArray,
  axes: number[],
  op: ReductionOp,
  opts: { ddof?: number; keepdims?: boolean } = {},
): NDArray {
  const p = partialReduce(chunk, axes, op);
  const shape = opts.keepdims ? p.shape : chunk.shape.filter((_, d) => !axes.includes(d));
  return finalizeReduction(p, op, opts.ddof ?? 0, shape, reductionDType(op, chunk.dtype));
}

/** Elements per slab of a generated chunk: 256 kB of float64, which stays in a core's L2 cache. */
const SLAB = 32768;
const scratch: { f32?: Float32Array; f64?: Float64Array } = {};

/**
 * The partial of a `random.rand` chunk, drawn into a buffer this thread reuses instead of a new
 * chunk (no 8 MB allocation, page faults or garbage per chunk); for sums, slab by slab along
 * axis 0 and reduced while the slab is in cache. Same values as
 * `partialReduce(randomChunk(...))` / `partialStats(randomChunk(...))` up to rounding.
 * `sumOp` set: a sum partial (partialReduce); null: the full statistics (partialStats).
 */
export function randomPartial(
  seed: number,
  stream: number,
  shape: number[],
  dtype: 'float32' | 'float64',
  axes: number[],
  sumOp: ReductionOp | null,
  nan: boolean,
): Partial {
  const rows = shape[0] ?? 0;
  const inner = sizeOf(shape.slice(1));
  const gen = new UniformStream(seed, stream);
  const size = sizeOf(shape);
  if (!sumOp || shape.length < 2 || inner === 0) {
    // The statistics take two passes over the chunk (the second around its mean): it is drawn
    // whole, into a buffer kept from chunk to chunk.
    const data = scratchOf(dtype, size).subarray(0, size);
    gen.fill(data);
    const c = { shape, dtype, data };
    return sumOp ? partialReduce(c, axes, sumOp) : partialStats(c, axes, nan);
  }
  // Sums add up slab by slab into the chunk's accumulators: the rows of a slab are a run of the
  // chunk's rows, so the chunk's row bases serve every slab.
  const slabRows = Math.max(1, Math.floor(SLAB / inner));
  const buf = scratchOf(dtype, Math.min(rows, slabRows) * inner);
  const nd = shape.length;
  const reduced = normaliseAxes(nd, axes);
  const outShape = shape.map((s, d) => (reduced[d] ? 1 : s));
  const n = sizeOf(outShape);
  const L = shape[nd - 1]!;
  const perRow0 = inner / L;
  const bases = rowBases(shape, reduced);
  const a = new Float64Array(n);
  const nans = new Float64Array(n);
  const skip = skipsNaN(sumOp);
  for (let r0 = 0; r0 < rows; r0 += slabRows) {
    const r1 = Math.min(rows, r0 + slabRows);
    const data = buf.subarray(0, (r1 - r0) * inner);
    gen.fill(data);
    sumRows(data, bases.subarray(r0 * perRow0, r1 * perRow0), L, reduced[nd - 1]!, skip, a, nans);
  }
  return markMovable({ kind: 'sum', shape: outShape, count: countsFrom(size / n, nans, skip), a, m2: null });
}

/** This thread's reusable buffer of `dtype` with room for `n` values. */
function scratchOf(dtype: 'float32' | 'float64', n: number): Float32Array | Float64Array {
  if (dtype === 'float32') return (scratch.f32 = scratch.f32 && scratch.f32.length >= n ? scratch.f32 : new Float32Array(n));
  return (scratch.f64 = scratch.f64 && scratch.f64.length >= n ? scratch.f64 : new Float64Array(n));
}

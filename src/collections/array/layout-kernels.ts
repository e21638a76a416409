/**
 * Chunk kernels that move values between layouts: gathering pieces of several blocks into one
 * (rechunk), transposing, and the per-block parts of where/argmin/argmax/cumsum/histogram. Kept
 * apart from kernels.ts so workers import them by name from their own module.
 */
import { allocate, sizeOf, stridesOf, type DType, type NDArray } from './ndarray.js';
import { sliceChunk, type AxisSelection } from './kernels.js';

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
 * One output block of a rechunk: from `parts[i]` take the selection `sels[i]` and put it at
 * corner `at[i]` of a block of `shape`.
 */
export function gatherChunk(parts: NDArray[], sels: AxisSelection[][], at: number[][], shape: number[], dtype: DType): NDArray {
  const out = allocate(dtype, sizeOf(shape));
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const s = sels[i]!;
    const whole = s.every((x, d) => x.start === 0 && x.step === 1 && x.count === p.shape[d]);
    place(out, shape, whole ? p : sliceChunk(p, s, s.map((x) => x.count)), at[i]!);
  }
  return { shape, dtype, data: out };
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

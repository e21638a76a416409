/**
 * The elements an array really holds, as structuredClone and v8.serialize see them: index by index
 * while it is dense, by its own keys from the first hole on. `a = []; a[1e9] = 1` holds one
 * element; walking it index by index took 1e9 steps (seconds of CPU) wherever an argument list is
 * walked (weighing big arguments, substituting task results), and copying it filled its holes.
 */

/** Calls `f` with each element the array owns and its index, in order; stops when `f` returns false. */
export function forEachOwnElement<T>(a: readonly T[], f: (v: T, i: number) => boolean | void): void {
  let i = 0;
  for (; i < a.length; i++) {
    const v = a[i]!;
    if (v === undefined && !(i in a)) break; // a hole: the rest is walked by own keys
    if (f(v, i) === false) return;
  }
  if (i >= a.length) return;
  for (const k of Object.keys(a)) {
    const j = Number(k);
    // own keys list indices first, ascending; non-index keys (a.x = 1) are not elements
    if (!(j < a.length) || String(j) !== k) break;
    if (j > i && f(a[j]!, j) === false) return;
  }
}

/**
 * `a` with `f` applied to each element it owns: `a` itself when `f` changed none, else a copy
 * with the same length and the same holes.
 */
export function mapOwnElements<T>(a: readonly T[], f: (v: T) => unknown): unknown[] {
  let out: unknown[] | undefined;
  forEachOwnElement(a, (v, i) => {
    const r = f(v);
    if (r !== v && out === undefined) {
      out = [];
      forEachOwnElement(a, (w, j) => (j < i ? void (out![j] = w) : false));
    }
    if (out !== undefined) out[i] = r;
  });
  if (out !== undefined) out.length = a.length;
  return out ?? (a as unknown[]);
}

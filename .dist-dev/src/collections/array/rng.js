/**
 * A seeded xoshiro128** generator for `array.random`. Every chunk draws from its own stream,
 * seeded from (seed, chunk number), so a chunk's values depend only on the seed and where the chunk
 * sits — never on which worker made it or in what order — and any worker can make any chunk from
 * two numbers instead of receiving its data.
 */
/** splitmix32: spreads a 32-bit input over all output bits (used only for seeding). */
function splitmix32(x) {
    let z = (x + 0x9e3779b9) | 0;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
}
/** The four state words for stream `stream` of `seed` (seed may use up to 53 bits). */
export function streamState(seed, stream) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    let h = splitmix32(lo);
    h = splitmix32(h ^ hi ^ 0x6a09e667);
    h = splitmix32(h ^ (stream >>> 0));
    h = splitmix32(h ^ (Math.floor(stream / 4294967296) >>> 0) ^ 0xbb67ae85);
    const s = new Uint32Array(4);
    for (let i = 0; i < 4; i++) {
        h = splitmix32(h + i);
        s[i] = h;
    }
    if ((s[0] | s[1] | s[2] | s[3]) === 0)
        s[0] = 1; // the all-zero state is a fixed point
    return s;
}
const TWO_M24 = 1 / 16777216;
const TWO_M53 = 1 / 9007199254740992;
/**
 * Fills `out` with uniform values in [0, 1): 24 random bits per float32, 53 per float64 (as NumPy).
 * One loop per output type, state in locals: this is the hot path of `random.rand`.
 */
export function fillUniform(out, seed, stream) {
    new UniformStream(seed, stream).fill(out);
}
/**
 * Stream `stream` of `seed`, drawn in pieces: filling a chunk slab by slab gives the values one
 * fill of the whole chunk gives (so a reduction can draw a chunk in cache-sized pieces).
 */
export class UniformStream {
    s;
    constructor(seed, stream) {
        const st = streamState(seed, stream);
        this.s = [st[0] | 0, st[1] | 0, st[2] | 0, st[3] | 0];
    }
    fill(out) {
        const [s0, s1, s2, s3] = this.s;
        // The state goes in as four numbers: read from a typed array inside the loop's function, the
        // first call's optimised code was thrown away on the second (keyed access with no feedback).
        this.s = out instanceof Float32Array ? fill32(out, s0, s1, s2, s3) : fill64(out, s0, s1, s2, s3);
    }
}
function fill32(out, s0, s1, s2, s3) {
    const n = out.length;
    for (let i = 0; i < n; i++) {
        // xoshiro128**: result = rotl(s1 * 5, 7) * 9, then the xor-shift state update
        const m = Math.imul(s1, 5);
        const r = Math.imul((m << 7) | (m >>> 25), 9);
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        out[i] = (r >>> 8) * TWO_M24;
    }
    return [s0, s1, s2, s3];
}
function fill64(out, s0, s1, s2, s3) {
    const n = out.length;
    for (let i = 0; i < n; i++) {
        let m = Math.imul(s1, 5);
        const r1 = Math.imul((m << 7) | (m >>> 25), 9);
        let t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        m = Math.imul(s1, 5);
        const r2 = Math.imul((m << 7) | (m >>> 25), 9);
        t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        // 27 high bits of the first draw, 26 of the second: 53 in all
        out[i] = ((r1 >>> 5) * 67108864 + (r2 >>> 6)) * TWO_M53;
    }
    return [s0, s1, s2, s3];
}
//# sourceMappingURL=rng.js.map
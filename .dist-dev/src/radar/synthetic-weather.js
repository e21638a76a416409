/**
 * Synthetic weather for the radar composite, as a pure function of (seed, time): rain cells and
 * larger stratiform systems are born in each hour from a generator seeded by (seed, hour), so any
 * image can be drawn without drawing the ones before it, and days can be made in parallel and
 * still join up at midnight. Cells grow and decay over their lifetime (reflectivity and size
 * follow a sine-shaped envelope), drift with a wind that changes every 12 hours, and carry a
 * fractal texture with them. Reflectivity falls off quadratically in dB (a Gaussian in linear Z)
 * from an elliptical core. Everything is drawn in pixel-value space with max-compositing, the way
 * a composite takes the strongest echo.
 */
import { HEIGHT, NODATA, PIXELS, WIDTH } from './geometry.js';
import { coverageMask } from './radar-sites.js';
/** A small fast generator (mulberry32). */
export function rng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
/** Mixes integers into one 32-bit seed (splitmix-style finaliser). */
export function hashInts(...xs) {
    let h = 0x9e3779b9;
    for (const x of xs) {
        h = Math.imul(h ^ (x | 0), 0x85ebca6b);
        h ^= h >>> 13;
        h = Math.imul(h, 0xc2b2ae35);
        h ^= h >>> 16;
        h = (h + Math.floor(x / 4294967296)) | 0;
    }
    return h >>> 0;
}
const TILE = 256;
const MAX_LIFE_H = 30;
const HOUR = 60;
/** Echoes weaker than this (dBZ) are drawn as "no echo" (0). */
const MIN_ECHO_DBZ = 0;
/** The strongest echo drawn: just under 65 dBZ (hail cores; about 600 mm/h by Marshall-Palmer). */
const MAX_PX = (65 + 30) / 0.4 - 0.5 | 0;
/** The texture's values lie within +-TEXTURE_GAIN (its octaves' amplitudes are normalised to 1). */
const TEXTURE_GAIN = 1.8;
const tiles = new Map();
/** A tileable fractal value-noise texture, one per seed. */
function textureTile(seed) {
    let t = tiles.get(seed);
    if (t)
        return t;
    t = new Float32Array(TILE * TILE);
    let amp = 1, total = 0;
    for (const cell of [64, 32, 16, 8, 4]) {
        const n = TILE / cell;
        const r = rng(hashInts(seed, 77, cell));
        const lattice = new Float32Array(n * n).map(() => r() * 2 - 1);
        for (let y = 0; y < TILE; y++) {
            const gy = y / cell, iy = Math.floor(gy), fy = gy - iy, sy = fy * fy * (3 - 2 * fy);
            for (let x = 0; x < TILE; x++) {
                const gx = x / cell, ix = Math.floor(gx), fx = gx - ix, sx = fx * fx * (3 - 2 * fx);
                const a = lattice[(iy % n) * n + (ix % n)], b = lattice[(iy % n) * n + ((ix + 1) % n)];
                const c = lattice[((iy + 1) % n) * n + (ix % n)], d = lattice[((iy + 1) % n) * n + ((ix + 1) % n)];
                t[y * TILE + x] += amp * ((a + (b - a) * sx) * (1 - sy) + (c + (d - c) * sx) * sy);
            }
        }
        total += amp;
        amp *= 0.55;
    }
    for (let i = 0; i < t.length; i++)
        t[i] = (t[i] / total) * TEXTURE_GAIN;
    tiles.set(seed, t);
    return t;
}
/** The prevailing wind for the 12-hour block holding `minute` (pixels per minute). */
function wind(seed, minute) {
    const r = rng(hashInts(seed, 3, Math.floor(minute / (12 * HOUR))));
    // Mostly from the south-west (moving east-north-east); rows grow southwards.
    const dir = (20 + (r() - 0.5) * 90) * (Math.PI / 180);
    const kmh = 20 + r() * 45;
    const pxPerMin = kmh / 2.015 / 60;
    return { vx: Math.cos(dir) * pxPerMin, vy: -Math.sin(dir) * pxPerMin };
}
/** How wet a day is (scales birth rates), varying from dry spells to stormy days. */
function wetness(seed, minute) {
    const r = rng(hashInts(seed, 5, Math.floor(minute / (24 * HOUR))));
    const u = r();
    return u < 0.2 ? 0.15 : 0.4 + 1.4 * r();
}
function poisson(r, mean) {
    let k = 0, p = Math.exp(-mean), s = p;
    const u = r();
    while (u > s && k < 100) {
        k++;
        p *= mean / k;
        s += p;
    }
    return k;
}
/** The cells born in one hour. */
function cellsBornIn(seed, hour) {
    const start = hour * HOUR;
    const r = rng(hashInts(seed, 11, hour));
    const w = wetness(seed, start);
    const { vx, vy } = wind(seed, start);
    const cells = [];
    const nStrat = poisson(r, 0.3 * w);
    const nConv = poisson(r, 5 * w);
    for (let i = 0; i < nStrat + nConv; i++) {
        const strat = i < nStrat;
        const life = (strat ? 8 + r() * (MAX_LIFE_H - 8) : 0.7 + r() * 3.3) * HOUR;
        cells.push({
            born: start + r() * HOUR,
            life,
            // Born anywhere over the map or up to ~200 px upwind of it.
            x0: -200 + r() * (WIDTH + 250),
            y0: -50 + r() * (HEIGHT + 150),
            vx: vx * (0.85 + 0.3 * r()),
            vy: vy * (0.85 + 0.3 * r()) + (r() - 0.5) * 0.03,
            peak: strat ? 24 + r() * 12 : 32 + r() * 24,
            radius: strat ? 30 + r() * 60 : 3 + r() * 9,
            aspect: strat ? 1.5 + r() * 2 : 1 + r() * 0.8,
            angle: r() * Math.PI,
            falloff: strat ? 18 : 22,
            texture: strat ? 14 : 7,
            tx: Math.floor(r() * TILE),
            ty: Math.floor(r() * TILE),
        });
    }
    return cells;
}
let spans;
/** Per row, the first and last covered column (first > last where a row has no coverage). */
function coveredSpans() {
    if (spans)
        return spans;
    const mask = coverageMask();
    const first = new Int32Array(HEIGHT).fill(WIDTH), last = new Int32Array(HEIGHT).fill(-1);
    for (let y = 0; y < HEIGHT; y++)
        for (let x = 0; x < WIDTH; x++)
            if (mask[y * WIDTH + x] !== NODATA) {
                if (x < first[y])
                    first[y] = x;
                last[y] = x;
            }
    spans = { first, last };
    return spans;
}
/** Every cell alive at some moment of [from, to) (minutes). */
export function cellsBetween(seed, from, to) {
    const out = [];
    for (let h = Math.floor(from / HOUR) - MAX_LIFE_H - 1; h <= Math.floor(to / HOUR); h++) {
        for (const c of cellsBornIn(seed, h))
            if (c.born < to && c.born + c.life > from)
                out.push(c);
    }
    return out;
}
/**
 * Draws the composite at `minute` (minutes since the epoch) into `out` (pixel values: 255
 * outside coverage, 0 for no echo, otherwise 0.4x - 30 dBZ). `cells` must include those alive then.
 */
export function drawComposite(seed, minute, cells, out = new Uint8Array(PIXELS)) {
    const mask = coverageMask();
    const { first, last } = coveredSpans();
    out.set(mask);
    const tex = textureTile(seed);
    for (const c of cells) {
        const age = minute - c.born;
        if (age < 0 || age >= c.life)
            continue;
        const env = Math.sin((Math.PI * age) / c.life);
        if (env <= 0.02)
            continue;
        const centre = c.peak + 10 * Math.log10(env);
        const rad = c.radius * (0.45 + 0.55 * Math.sqrt(env));
        const cx = c.x0 + c.vx * age, cy = c.y0 + c.vy * age;
        // The echo can reach MIN_ECHO_DBZ only where the quadratic fall-off is below this (dB).
        const reach = centre + TEXTURE_GAIN * c.texture - MIN_ECHO_DBZ;
        if (reach <= 0)
            continue;
        const cos = Math.cos(c.angle), sin = Math.sin(c.angle);
        const ia = c.falloff / (rad * c.aspect) ** 2, ib = c.falloff / (rad * rad);
        // Fall-off q(dx, dy) = A dx^2 + B dx dy + C dy^2 (the rotated ellipse, expanded).
        const A = cos * cos * ia + sin * sin * ib;
        const B = 2 * cos * sin * (ia - ib);
        const C = sin * sin * ia + cos * cos * ib;
        const semiU = Math.sqrt(reach / ia), semiV = Math.sqrt(reach / ib);
        const halfY = Math.hypot(semiU * sin, semiV * cos);
        const y0 = Math.max(0, Math.floor(cy - halfY)), y1 = Math.min(HEIGHT - 1, Math.ceil(cy + halfY));
        // The texture travels with the cell.
        const offX = c.tx - Math.round(cx), offY = c.ty - Math.round(cy);
        const amp = c.texture;
        for (let y = y0; y <= y1; y++) {
            const dy = y - cy;
            // Only the row's span inside the ellipse q <= reach: A dx^2 + (B dy) dx + (C dy^2 - reach) <= 0.
            const b = B * dy, cc = C * dy * dy - reach;
            const disc = b * b - 4 * A * cc;
            if (disc < 0)
                continue;
            const sq = Math.sqrt(disc);
            const x0 = Math.max(first[y], Math.floor(cx + (-b - sq) / (2 * A)));
            const x1 = Math.min(last[y], Math.ceil(cx + (-b + sq) / (2 * A)));
            if (x0 > x1)
                continue;
            const trow = ((y + offY) & (TILE - 1)) * TILE;
            const base = centre - C * dy * dy;
            let i = y * WIDTH + x0;
            for (let x = x0; x <= x1; x++, i++) {
                const cur = out[i];
                if (cur === NODATA)
                    continue;
                const dx = x - cx;
                const dbz = base - dx * (A * dx + b) + amp * tex[trow + ((x + offX) & (TILE - 1))];
                if (dbz < MIN_ECHO_DBZ)
                    continue;
                let px = ((dbz + 30) * 2.5 + 0.5) | 0;
                if (px > MAX_PX)
                    px = MAX_PX;
                if (px > cur)
                    out[i] = px;
            }
        }
    }
    return out;
}
//# sourceMappingURL=synthetic-weather.js.map
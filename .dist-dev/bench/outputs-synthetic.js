function rng(seed) {
    let s = seed >>> 0;
    return () => {
        s = (s + 0x6d2b79f5) >>> 0;
        let t = s;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
export function syntheticOutputs(nFrames, opts = {}) {
    const rows = opts.rows ?? 443, cols = opts.cols ?? 235;
    const rand = rng(opts.seed ?? 1);
    const covered = new Uint8Array(rows * cols);
    const radars = Array.from({ length: 8 }, () => ({ r: 40 + rand() * (rows - 80), c: 30 + rand() * (cols - 60) }));
    for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) {
            if (radars.some((p) => (p.r - r) ** 2 + (p.c - c) ** 2 < 60 ** 2))
                covered[r * cols + c] = 1;
        }
    const cells = Array.from({ length: 14 }, () => ({
        r: rand() * rows, c: rand() * cols, vr: (rand() - 0.5) * 3, vc: 1 + rand() * 2, size: 5 + rand() * 25, peak: 10 ** (rand() * 3 - 1), phase: rand() * 6.28,
    }));
    const start = opts.start ?? new Date(Date.UTC(2020, 10, 1));
    const frames = [], timestamps = [];
    const sum = new Float64Array(rows * cols), sq = new Float64Array(rows * cols), cnt = new Uint32Array(rows * cols);
    const mn = new Float32Array(rows * cols).fill(Infinity), mx = new Float32Array(rows * cols).fill(-Infinity);
    for (let i = 0; i < nFrames; i++) {
        const f = new Float32Array(rows * cols);
        for (const cell of cells) {
            const r0 = ((cell.r + cell.vr * i) % rows + rows) % rows, c0 = ((cell.c + cell.vc * i) % cols + cols) % cols;
            const amp = cell.peak * (0.5 + 0.5 * Math.sin(cell.phase + i / 6));
            const s2 = 2 * cell.size * cell.size;
            // far enough that the cell has faded below the 0.05 mm/h rain threshold
            const reach = cell.size * Math.sqrt(2 * Math.log(Math.max(1.01, amp / 0.01)));
            const rr0 = Math.max(0, Math.floor(r0 - reach)), rr1 = Math.min(rows, Math.ceil(r0 + reach));
            const cc0 = Math.max(0, Math.floor(c0 - reach)), cc1 = Math.min(cols, Math.ceil(c0 + reach));
            for (let r = rr0; r < rr1; r++)
                for (let c = cc0; c < cc1; c++) {
                    f[r * cols + c] += amp * Math.exp(-((r - r0) ** 2 + (c - c0) ** 2) / s2);
                }
        }
        for (let k = 0; k < f.length; k++) {
            if (!covered[k]) {
                f[k] = NaN;
                continue;
            }
            const v = f[k] < 0.05 ? 0 : f[k];
            f[k] = v;
            sum[k] += v;
            sq[k] += v * v;
            cnt[k]++;
            if (v < mn[k])
                mn[k] = v;
            if (v > mx[k])
                mx[k] = v;
        }
        frames.push(f);
        timestamps.push(new Date(start.getTime() + i * 3 * 3600_000));
    }
    const nanmean = new Float32Array(rows * cols), nanstd = new Float32Array(rows * cols);
    for (let k = 0; k < nanmean.length; k++) {
        if (cnt[k] === 0) {
            nanmean[k] = nanstd[k] = mn[k] = mx[k] = NaN;
            continue;
        }
        const m = sum[k] / cnt[k];
        nanmean[k] = m;
        nanstd[k] = Math.sqrt(Math.max(0, sq[k] / cnt[k] - m * m));
    }
    return { frames, timestamps, stats: { nanmin: mn, nanmax: mx, nanmean, nanstd } };
}
//# sourceMappingURL=outputs-synthetic.js.map
/**
 * Expected colours and map positions worked out independently of src/radar/outputs, for the
 * output tests: d3's magma table, matplotlib's LogNorm, and GDAL's gdaltransform for projections.
 */
import { spawnSync } from 'node:child_process';
import { interpolateMagma } from 'd3-scale-chromatic';
/** Colour of a value: LogNorm(lo, hi) position, 240 levels over magma's entries 48-255; 0 black, NaN white. */
export function expectedRgb(v, lo = 0.01, hi = 100) {
    if (Number.isNaN(v))
        return [255, 255, 255];
    if (v <= 0)
        return [0, 0, 0];
    const t = Math.log(v / lo) / Math.log(hi / lo);
    const level = Math.min(239, Math.max(0, Math.floor(t * 240)));
    const hex = interpolateMagma((Math.min(255, 48 + Math.floor((level * 208) / 239)) + 0.5) / 256);
    return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}
/** Longitude/latitude (WGS84) to SWEREF 99 TM easting/northing, by GDAL's gdaltransform. */
export function gdalToSweref(points) {
    const r = spawnSync('gdaltransform', ['-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:3006', '-output_xy'], {
        input: points.map(([lon, lat]) => `${lon} ${lat}`).join('\n') + '\n', encoding: 'utf8',
    });
    if (r.status !== 0)
        throw new Error(`gdaltransform failed (${r.status}): ${r.stderr || r.error?.message} (apt-get install gdal-bin)`);
    return r.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
}
//# sourceMappingURL=outputs-expected.js.map
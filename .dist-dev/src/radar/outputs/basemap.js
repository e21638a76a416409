/**
 * Coastlines and national borders for the maps: Natural Earth 1:50m countries as world-atlas ships
 * them (TopoJSON), split with topojson-client's mesh into arcs that bound one country (coast) and
 * arcs shared by two (borders), projected to SWEREF 99 TM with proj4. Loaded and projected once per
 * process; each picture then maps the projected lines onto its own grid.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import proj4 from 'proj4';
import { mesh } from 'topojson-client';
/** EPSG:3006 as the composite files declare it (GRS80, zero datum shift from WGS84). */
const SWEREF99TM = '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
/**
 * Longitudes/latitudes kept before projecting: the composite (about 5-35 E, 53-71 N) with a margin.
 * Transverse Mercator diverges far from its zone, so the rest of the world is dropped first.
 */
const BOX = { w: -5, e: 45, s: 48, n: 76 };
let projected;
/** Coastlines and borders in SWEREF 99 TM metres (easting, northing). */
export function basemapSweref() {
    if (projected)
        return projected;
    // read, not require()d: require would keep the whole world's topology cached for the process's life
    const file = createRequire(import.meta.url).resolve('world-atlas/countries-50m.json');
    const topo = JSON.parse(readFileSync(file, 'utf8'));
    const toSweref = proj4('WGS84', SWEREF99TM);
    const project = (lines) => {
        const out = [];
        for (const line of lines) {
            let run = [];
            const flush = () => {
                if (run.length >= 4)
                    out.push(Float64Array.from(run));
                run = [];
            };
            for (const [lon, lat] of line) {
                if (lon < BOX.w || lon > BOX.e || lat < BOX.s || lat > BOX.n) {
                    flush();
                    continue;
                }
                const [e, n] = toSweref.forward([lon, lat]);
                run.push(e, n);
            }
            flush();
        }
        return out;
    };
    const countries = topo.objects.countries;
    projected = {
        coast: project(mesh(topo, countries, (a, b) => a === b).coordinates),
        borders: project(mesh(topo, countries, (a, b) => a !== b).coordinates),
    };
    return projected;
}
/**
 * The basemap in pixel coordinates of a picture of a grid: x = column, y = row, with pixel (c, r)
 * covering [c, c + 1) x [r, r + 1), times `scale` (the map's upscaling).
 */
export function basemapPixels(geo, scale = 1) {
    const m = basemapSweref();
    const toPx = (lines) => lines.map((l) => {
        const p = new Float64Array(l.length);
        for (let i = 0; i < l.length; i += 2) {
            p[i] = ((l[i] - geo.originE) / geo.pixelSizeX) * scale;
            p[i + 1] = ((geo.originN - l[i + 1]) / geo.pixelSizeY) * scale;
        }
        return p;
    });
    return { coast: toPx(m.coast), borders: toPx(m.borders) };
}
//# sourceMappingURL=basemap.js.map
/**
 * The georeferencing check of a radar image: where its GeoTIFF tags say where it lies, that must be
 * SMHI's composite grid (SWEREF 99 TM, same origin and pixel size within a small tolerance). An image
 * re-projected or shifted by a GIS tool has the right size but lies elsewhere, and reading it as the
 * composite would put every echo in the wrong place. Files without geotags are judged by size alone.
 */
import { SsdpError } from '../util/errors.js';
import { COMPOSITE_GEO, EPSG } from './geometry.js';
/** Origin tolerance, in pixels: rounding in re-written tags, far below any real shift. */
const ORIGIN_TOLERANCE_PX = 0.01;
/** Relative pixel-size tolerance. */
const PIXEL_SIZE_TOLERANCE = 1e-4;
/** ProjectedCSTypeGeoKey value for a user-defined CRS: nothing to compare. */
const USER_DEFINED = 32767;
const GT_MODEL_TYPE = 1024, GT_RASTER_TYPE = 1025, GEOGRAPHIC_TYPE = 2048, PROJECTED_CS_TYPE = 3072;
const arr = (tags, tag) => {
    const v = tags['t' + tag];
    return v && v.length ? Array.from(v, Number) : undefined;
};
/** The GeoKeyDirectory's short values (key -> value), the only kind the checks need. */
function geoKeys(tags) {
    const keys = arr(tags, 34735);
    const out = new Map();
    if (!keys)
        return out;
    for (let i = 4; i + 3 < keys.length; i += 4)
        if (keys[i + 1] === 0)
            out.set(keys[i], keys[i + 3]);
    return out;
}
function gridOf(tags, pixelIsPoint) {
    const scale = arr(tags, 33550), tie = arr(tags, 33922), m = arr(tags, 34264);
    let g;
    if (scale && tie && scale.length >= 2 && tie.length >= 6) {
        g = { originE: tie[3] - tie[0] * scale[0], originN: tie[4] + tie[1] * scale[1], pixelSizeX: scale[0], pixelSizeY: scale[1], northUp: true };
    }
    else if (m && m.length >= 8) {
        g = { originE: m[3], originN: m[7], pixelSizeX: m[0], pixelSizeY: -m[5], northUp: m[1] === 0 && m[4] === 0 };
    }
    // PixelIsPoint ties the model point to the pixel centre; the composite's origin is a corner.
    if (g && pixelIsPoint) {
        g.originE -= g.pixelSizeX / 2;
        g.originN += g.pixelSizeY / 2;
    }
    return g;
}
const fmt = (v) => (Math.round(v * 1000) / 1000).toString();
/** Throws E_RADAR_BAD_GEOREF when the image's geotags place it anywhere but the composite's grid. */
export function checkGeoReference(tags, label) {
    const keys = geoKeys(tags);
    const grid = gridOf(tags, keys.get(GT_RASTER_TYPE) === 2);
    const problems = [];
    const projected = keys.get(PROJECTED_CS_TYPE);
    if (keys.get(GT_MODEL_TYPE) === 2 || (projected === undefined && keys.has(GEOGRAPHIC_TYPE) && keys.get(GT_MODEL_TYPE) !== 1)) {
        problems.push(`its CRS is geographic (EPSG:${keys.get(GEOGRAPHIC_TYPE) ?? '?'}, degrees), not projected`);
    }
    else if (projected !== undefined && projected !== USER_DEFINED && projected !== EPSG) {
        problems.push(`its CRS is EPSG:${projected}`);
    }
    if (grid) {
        const c = COMPOSITE_GEO;
        if (!grid.northUp)
            problems.push('its raster is rotated');
        const sizeOff = Math.max(Math.abs(grid.pixelSizeX / c.pixelSizeX - 1), Math.abs(grid.pixelSizeY / c.pixelSizeY - 1));
        if (!(sizeOff <= PIXEL_SIZE_TOLERANCE))
            problems.push(`its pixels are ${fmt(grid.pixelSizeX)} x ${fmt(grid.pixelSizeY)} m`);
        const dx = Math.abs(grid.originE - c.originE), dy = Math.abs(grid.originN - c.originN);
        if (!(Math.max(dx, dy) <= ORIGIN_TOLERANCE_PX * c.pixelSizeX)) {
            problems.push(`its upper-left corner is at (${fmt(grid.originE)}, ${fmt(grid.originN)}), ${fmt(Math.hypot(dx, dy) / 1000)} km from the composite's`);
        }
    }
    if (problems.length === 0)
        return;
    throw new SsdpError('E_RADAR_BAD_GEOREF', `${label} is not on SMHI's composite grid: ${problems.join('; ')}. The composite is EPSG:${EPSG} (SWEREF 99 TM), upper-left corner (${COMPOSITE_GEO.originE}, ${COMPOSITE_GEO.originN}), ${COMPOSITE_GEO.pixelSizeX} m pixels.`, { hint: 'The image was re-projected or shifted (for example by gdalwarp or gdal_translate -a_ullr): use the original SMHI files, or write them back onto the composite grid without resampling.' });
}
//# sourceMappingURL=georef-check.js.map
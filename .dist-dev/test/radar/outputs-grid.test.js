/**
 * The output grid, checked by GDAL (Debian's gdal-bin / python3-gdal) rather than by our own reader:
 * every pixel of the statistics GeoTIFFs must be centred on the composite pixel it was taken from.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { writeOutputs } from '../../src/radar/outputs/index.js';
import { decodeTiff } from '../../src/radar/tiff-read.js';
import { readGeoReference } from '../../src/radar/tiff-write.js';
import { syntheticOutputs } from '../../bench/outputs-synthetic.js';
import { python } from './outputs-python.js';
// SMHI's composite grid as its own files state it (upper-left corner, pixel size, EPSG:3006).
const SMHI = { e: 126648.404, n: 7771252.876, px: 2014.958, cols: 471, rows: 887 };
test('output GeoTIFF pixel [i, j] is centred on composite pixel [2i, 2j], as GDAL reads both grids', async () => {
    const dir = join(tempDir('ssdp-grid-'), 'out');
    await writeOutputs({ outDir: dir, ...syntheticOutputs(2, { seed: 5 }) });
    const probes = [[0, 0], [0, 234], [442, 0], [442, 234], [221, 117], [300, 50]];
    const r = python(`
import json, sys
from osgeo import gdal
gdal.UseExceptions()
out = gdal.Open(sys.argv[1])
# the composite, as GDAL would georeference an SMHI file (PixelIsArea, corner tie point)
comp = gdal.GetDriverByName("MEM").Create("", ${SMHI.cols}, ${SMHI.rows}, 1, gdal.GDT_Byte)
comp.SetGeoTransform((${SMHI.e}, ${SMHI.px}, 0, ${SMHI.n}, 0, -${SMHI.px}))
inv = gdal.InvGeoTransform(comp.GetGeoTransform())
gt = out.GetGeoTransform()
res = []
for i, j in json.loads(sys.argv[2]):
    x, y = gdal.ApplyGeoTransform(gt, j + 0.5, i + 0.5)      # centre of output pixel [i, j]
    col, row = gdal.ApplyGeoTransform(inv, x, y)             # where it falls on the composite
    res.append({"ij": [i, j], "composite": [row, col]})
print(json.dumps({"area": out.GetMetadataItem("AREA_OR_POINT"), "size": [out.RasterYSize, out.RasterXSize], "centres": res}))
`, join(dir, 'nanmean.tif'), JSON.stringify(probes));
    assert.equal(r.area, 'Area');
    assert.deepEqual(r.size, [443, 235]);
    for (const { ij: [i, j], composite: [row, col] } of r.centres) {
        // composite pixel [2i, 2j] has its centre at (2j + 0.5, 2i + 0.5) in pixel units
        assert.ok(Math.abs(row - (2 * i + 0.5)) < 1e-6, `output row ${i} centre at composite row ${row}, expected ${2 * i + 0.5}`);
        assert.ok(Math.abs(col - (2 * j + 0.5)) < 1e-6, `output col ${j} centre at composite col ${col}, expected ${2 * j + 0.5}`);
    }
});
test('readGeoReference gives the same pixel corner for PixelIsArea and PixelIsPoint files written by GDAL', () => {
    const dir = tempDir('ssdp-grid-');
    python(`
import sys
from osgeo import gdal
gdal.UseExceptions()
for name, kind in (("area.tif", "Area"), ("point.tif", "Point")):
    ds = gdal.GetDriverByName("GTiff").Create(sys.argv[1] + "/" + name, 20, 10, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((${SMHI.e}, ${SMHI.px}, 0, ${SMHI.n}, 0, -${SMHI.px}))
    ds.SetProjection("EPSG:3006")
    ds.SetMetadataItem("AREA_OR_POINT", kind)   # GDAL then writes a tie point at the first pixel's centre
    ds = None
print("null")
`, dir);
    const area = readGeoReference(decodeTiff(readFileSync(join(dir, 'area.tif')), 'area.tif').tags);
    const point = readGeoReference(decodeTiff(readFileSync(join(dir, 'point.tif')), 'point.tif').tags);
    const tiePoint = decodeTiff(readFileSync(join(dir, 'point.tif')), 'point.tif').tags['t33922'];
    assert.ok(Math.abs(tiePoint[3] - (SMHI.e + SMHI.px / 2)) < 1e-6, `GDAL ties the Point file at the pixel centre: ${tiePoint}`);
    for (const g of [area, point]) {
        assert.equal(g.epsg, 3006);
        assert.ok(Math.abs(g.originE - SMHI.e) < 1e-6 && Math.abs(g.originN - SMHI.n) < 1e-6, `corner ${g.originE}, ${g.originN}`);
        assert.equal(g.pixelSizeX, SMHI.px);
    }
});
//# sourceMappingURL=outputs-grid.test.js.map
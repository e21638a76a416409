/**
 * Maps people can read: coastlines and borders where they are on Earth, titles, the period and
 * the data's origin on every picture and in the report, and SMHI's 2023 compositing change called
 * out. Positions are worked out independently: GDAL's gdaltransform projects the places, GDAL
 * reads the output grid from the written GeoTIFF, PIL decodes the pictures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { writeOutputs } from '../../src/radar/outputs/index.js';
import { syntheticOutputs } from '../../bench/outputs-synthetic.js';
import { python } from './outputs-python.js';
import { gdalToSweref } from './outputs-expected.js';
/** Places on a coastline or a border, and places at least 30 km from any (lon, lat). */
const COAST = {
    'Hoburgen, south tip of Gotland': [18.12, 56.92],
    'Visby harbour, Gotland': [18.285, 57.64],
    'Ölands södra udde': [16.40, 56.20],
    'Ölands norra udde': [17.09, 57.365],
    'Falsterbo': [12.82, 55.40],
};
const BORDERS = {
    'Haparanda–Tornio (Torne river)': [24.145, 65.835],
    'Riksgränsen (Sweden–Norway)': [18.12, 68.43],
    'Morokulien (Sweden–Norway)': [12.25, 59.93],
    'Treriksröset (Sweden–Norway–Finland)': [20.548, 69.06],
};
const CLEAR = {
    'open Baltic east of Öland': [19.0, 56.6],
    'inland Jämtland': [15.0, 62.6],
    'inland Småland': [14.8, 57.2],
};
const coastish = ([r, g, b]) => g > r + 50 && b > r + 50;
const borderish = ([r, g, b]) => g > r + 50 && g > b + 50;
test('coastlines and borders are drawn where they are: GIF frames and every statistics map', async () => {
    const dir = join(tempDir('ssdp-maps-'), 'out');
    await writeOutputs({ outDir: dir, ...syntheticOutputs(3, { seed: 9 }), summary: { parameters: { source: 'synthetic' } } });
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
    const names = [...Object.keys(COAST), ...Object.keys(BORDERS), ...Object.keys(CLEAR)];
    const en = gdalToSweref([...Object.values(COAST), ...Object.values(BORDERS), ...Object.values(CLEAR)]);
    const pictures = ['radar.gif', 'nanmin.png', 'nanmax.png', 'nanmean.png', 'nanstd.png'];
    // For each picture and place: the colours of the pixels within 2 grid pixels (8 km) of the place.
    const r = python(`
import json, sys
from osgeo import gdal
from PIL import Image
d = sys.argv[1]; pics = json.loads(sys.argv[2]); en = json.loads(sys.argv[3])
gt = gdal.Open(d + "/nanmean.tif").GetGeoTransform()
out = {}
for name, g in pics.items():
    im = Image.open(d + "/" + name).convert("RGB")
    res = []
    for e, n in en:
        col = (e - gt[0]) / gt[1]; row = (n - gt[3]) / gt[5]
        x = g["mapX"] + col * g["mapScale"]; y = g["mapY"] + row * g["mapScale"]
        rad = 2 * g["mapScale"]
        inside = 0 <= col < 235 and 0 <= row < 443
        px = [list(im.getpixel((xx, yy))) for xx in range(int(x - rad), int(x + rad) + 1) for yy in range(int(y - rad), int(y + rad) + 1)
              if (xx - x) ** 2 + (yy - y) ** 2 <= rad * rad and g["mapX"] <= xx < g["mapX"] + 235 * g["mapScale"] and g["mapY"] <= yy < g["mapY"] + 443 * g["mapScale"]]
        res.append({"inside": inside, "pixels": px})
    out[name] = res
print(json.dumps(out))
`, dir, JSON.stringify(Object.fromEntries(pictures.map((p) => [p, summary.pictures[p]]))), JSON.stringify(en));
    const nCoast = Object.keys(COAST).length, nBorder = Object.keys(BORDERS).length;
    for (const pic of pictures) {
        r[pic].forEach(({ inside, pixels }, k) => {
            const where = `${pic}: ${names[k]}`;
            assert.ok(inside, `${where} lies on the composite`);
            if (k < nCoast)
                assert.ok(pixels.some(coastish), `${where}: a coastline pixel within 8 km`);
            else if (k < nCoast + nBorder)
                assert.ok(pixels.some(borderish), `${where}: a border pixel within 8 km`);
            else
                assert.ok(!pixels.some((p) => coastish(p) || borderish(p)), `${where}: no line within 8 km`);
        });
    }
});
test('titles, period and origin of the data: summary, report and the report\'s linked thumbnails', async () => {
    const root = tempDir('ssdp-maps-');
    const input = syntheticOutputs(16, { seed: 4 }); // 2020-11-01 .. 11-02, 3-hour frames
    await writeOutputs({ outDir: join(root, 'synthetic'), ...input, summary: { parameters: { source: 'synthetic' } } });
    await writeOutputs({ outDir: join(root, 'smhi'), ...input, summary: { parameters: { source: 'smhi' } } });
    const summary = JSON.parse(await readFile(join(root, 'synthetic', 'summary.json'), 'utf8'));
    assert.equal(summary.period.label, '2020-11-01 \u2013 2020-11-02');
    assert.deepEqual(summary.warnings, []);
    assert.equal(summary.source.parameter, 'synthetic');
    assert.match(summary.source.description, /synthetic/);
    const html = await readFile(join(root, 'synthetic', 'report.html'), 'utf8');
    const smhi = await readFile(join(root, 'smhi', 'report.html'), 'utf8');
    assert.match(html, /<h1>[^<]*2020-11-01 – 2020-11-02[^<]*synthetic radar composites[^<]*<\/h1>/);
    assert.match(smhi, /<h1>[^<]*SMHI radar composites \(downloaded from SMHI\)<\/h1>/);
    assert.doesNotMatch(smhi, /synthetic/);
    for (const [stat, title] of [['nanmin', 'Lowest rain rate'], ['nanmax', 'Highest rain rate'], ['nanmean', 'Mean rain rate'], ['nanstd', 'Standard deviation of rain rate']]) {
        // a thumbnail that is a link to its full-size image, with the plain title under it
        assert.match(html, new RegExp(`<a href="${stat}\\.png"><img src="${stat}\\.png" alt="${title} \\(mm/h\\), 2020-11-01 – 2020-11-02"></a><figcaption>${title} \\(mm/h\\)`));
    }
    assert.doesNotMatch(html, /class="warn"/);
    // every picture has its header drawn: dark anti-aliased text on white above the map
    const pics = ['radar.gif', 'nanmean.png', 'nanstd.png'];
    const ink = python(`
import json, sys
from PIL import Image
d = sys.argv[1]; pics = json.loads(sys.argv[2])
res = []
for name, g in pics.items():
    im = Image.open(d + "/" + name).convert("L")
    px = [im.getpixel((x, y)) for x in range(g["mapX"], g["width"]) for y in range(0, g["mapY"] - 2)]
    res.append([sum(1 for v in px if v < 100), sum(1 for v in px if 100 <= v < 250)])
print(json.dumps(res))
`, join(root, 'synthetic'), JSON.stringify(Object.fromEntries(pics.map((p) => [p, summary.pictures[p]]))));
    ink.forEach(([dark, grey], i) => {
        assert.ok(dark > 200, `${pics[i]}: header text drawn (${dark} dark pixels)`);
        assert.ok(grey > 50, `${pics[i]}: text edges anti-aliased (${grey} grey pixels)`);
    });
});
test('a period spanning SMHI\'s compositing change of 2023-05-03 is warned about in the summary and the report', async () => {
    const root = tempDir('ssdp-maps-');
    const spanning = syntheticOutputs(24, { seed: 2, start: new Date(Date.UTC(2023, 4, 1)) }); // 05-01 .. 05-03
    const before = syntheticOutputs(16, { seed: 2, start: new Date(Date.UTC(2023, 4, 1)) }); // 05-01 .. 05-02
    const after = syntheticOutputs(8, { seed: 2, start: new Date(Date.UTC(2023, 4, 3)) }); // 05-03
    for (const [name, input] of [['spanning', spanning], ['before', before], ['after', after]]) {
        await writeOutputs({ outDir: join(root, name), ...input, summary: { parameters: { source: 'smhi' } } });
    }
    const read = async (name) => ({
        summary: JSON.parse(await readFile(join(root, name, 'summary.json'), 'utf8')),
        html: await readFile(join(root, name, 'report.html'), 'utf8'),
    });
    const s = await read('spanning');
    assert.equal(s.summary.warnings.length, 1);
    assert.match(s.summary.warnings[0], /2023-05-03.*height-based to quality-based/);
    assert.match(s.html, /<p class="warn"><strong>Warning:<\/strong> The period spans 2023-05-03, when SMHI changed how its composites are made/);
    for (const name of ['before', 'after']) {
        const o = await read(name);
        assert.deepEqual(o.summary.warnings, [], name);
        assert.doesNotMatch(o.html, /class="warn"/, name);
    }
});
//# sourceMappingURL=outputs-maps.test.js.map
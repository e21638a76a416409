/**
 * The GIS-layout corpus, built by the tests: SMHI-format day archives (from the synthetic source)
 * re-written image by image with Debian's GDAL (python3-gdal) or PIL into the layouts GIS users
 * produce, and the notebook-style numpy reference of each, with images read by GDAL (an independent
 * reader) and converted by bench/peers/radar_notebook.py's own functions.
 */
import { join } from 'node:path';
import { COMPOSITE_GEO, HEIGHT, WIDTH } from '../../src/radar/index.js';
import { pythonCode, repoRoot } from './python.js';

export interface Layout {
  /** gdal.Translate options, or a PIL save. */
  kind: 'gdal' | 'pil';
  /** GDAL creation options (-co). */
  co?: string[];
  /** GDAL output format (default GTiff). */
  format?: string;
  /** Bands written (band 1 repeated), as SMHI's 3-band years. */
  bands?: number;
  /** -a_srs */
  srs?: string;
  /** -a_ullr [ulx, uly, lrx, lry] */
  ullr?: number[];
  /** PIL compression name. */
  compression?: string;
  /** GDAL output sample type (-ot), e.g. Float32. */
  type?: string;
}

const E0 = COMPOSITE_GEO.originE, N0 = COMPOSITE_GEO.originN, PX = COMPOSITE_GEO.pixelSizeX;

/** The layouts the issue lists, and the common ones the fast path must keep reading right. */
export const LAYOUTS: Record<string, Layout> = {
  'band-lzw': { kind: 'gdal', bands: 3, co: ['INTERLEAVE=BAND', 'COMPRESS=LZW'] },
  'band-lzw-predictor': { kind: 'gdal', bands: 3, co: ['INTERLEAVE=BAND', 'COMPRESS=LZW', 'PREDICTOR=2'] },
  'band-packbits': { kind: 'gdal', bands: 3, co: ['INTERLEAVE=BAND', 'COMPRESS=PACKBITS'] },
  'band-deflate': { kind: 'gdal', bands: 3, co: ['INTERLEAVE=BAND', 'COMPRESS=DEFLATE'] },
  'pixel-lzw-predictor': { kind: 'gdal', bands: 3, co: ['INTERLEAVE=PIXEL', 'COMPRESS=LZW', 'PREDICTOR=2'] },
  'strips-lzw': { kind: 'gdal', co: ['COMPRESS=LZW'] },
  'strips-deflate-predictor': { kind: 'gdal', co: ['COMPRESS=DEFLATE', 'PREDICTOR=2'] },
  // GDAL's own COMPRESS=ZSTD default: 17-row strips (tester s22 try8w W4: refused while ZSTD tiles were read)
  'strips-zstd': { kind: 'gdal', co: ['COMPRESS=ZSTD'] },
  'strips-zstd-predictor': { kind: 'gdal', co: ['COMPRESS=ZSTD', 'PREDICTOR=2'] },
  'tiled-zstd-predictor': { kind: 'gdal', co: ['COMPRESS=ZSTD', 'PREDICTOR=2', 'TILED=YES'] },
  'tiled-deflate-predictor': { kind: 'gdal', co: ['TILED=YES', 'BLOCKXSIZE=256', 'BLOCKYSIZE=256', 'COMPRESS=DEFLATE', 'PREDICTOR=2'] },
  'tiled-lzw-band': { kind: 'gdal', bands: 3, co: ['TILED=YES', 'INTERLEAVE=BAND', 'COMPRESS=LZW'] },
  bigtiff: { kind: 'gdal', co: ['BIGTIFF=YES', 'COMPRESS=LZW'] },
  cog: { kind: 'gdal', format: 'COG', co: ['COMPRESS=DEFLATE', 'BLOCKSIZE=256'] },
  'sparse-strips': { kind: 'gdal', co: ['SPARSE_OK=TRUE', 'COMPRESS=DEFLATE'] },
  'sparse-tiles': { kind: 'gdal', co: ['SPARSE_OK=TRUE', 'TILED=YES', 'BLOCKXSIZE=128', 'BLOCKYSIZE=128', 'COMPRESS=LZW'] },
  'pil-lzw': { kind: 'pil', compression: 'tiff_lzw' },
  'pil-rgb-packbits': { kind: 'pil', bands: 3, compression: 'packbits' },
  // Refused: right size, wrong place.
  'shifted-50km': { kind: 'gdal', co: ['COMPRESS=DEFLATE'], ullr: [E0 + 50_000, N0, E0 + 50_000 + WIDTH * PX, N0 - HEIGHT * PX] },
  'cog-shifted-50km': { kind: 'gdal', format: 'COG', co: ['COMPRESS=DEFLATE'], ullr: [E0 + 50_000, N0, E0 + 50_000 + WIDTH * PX, N0 - HEIGHT * PX] },
  'epsg3857-4km': { kind: 'gdal', co: ['COMPRESS=DEFLATE'], srs: 'EPSG:3857', ullr: [1_200_000, 8_500_000, 1_200_000 + WIDTH * 4000, 8_500_000 - HEIGHT * 4000] },
};

const BUILD = String.raw`
import io, json, os, sys, zipfile
import numpy as np
from osgeo import gdal
from PIL import Image
gdal.UseExceptions()
src_dir, out_dir, layouts = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
for day in sorted(f for f in os.listdir(src_dir) if f.endswith('.zip')):
    zin = zipfile.ZipFile(os.path.join(src_dir, day))
    names = sorted(n for n in zin.namelist() if n.endswith('.tif'))
    for layout, o in layouts.items():
        os.makedirs(os.path.join(out_dir, layout), exist_ok=True)
        with zipfile.ZipFile(os.path.join(out_dir, layout, day), 'w', zipfile.ZIP_DEFLATED) as zout:
            for n in names:
                src = zin.read(n)
                if o['kind'] == 'gdal':
                    gdal.FileFromMemBuffer('/vsimem/in.tif', src)
                    kw = dict(format=o.get('format', 'GTiff'), creationOptions=o.get('co', []))
                    if o.get('bands'): kw['bandList'] = [1] * o['bands']
                    if o.get('type'): kw['outputType'] = gdal.GetDataTypeByName(o['type'])
                    if o.get('srs'): kw['outputSRS'] = o['srs']
                    if o.get('ullr'): kw['outputBounds'] = o['ullr']
                    gdal.Translate('/vsimem/out.tif', '/vsimem/in.tif', **kw)
                    f = gdal.VSIFOpenL('/vsimem/out.tif', 'rb')
                    gdal.VSIFSeekL(f, 0, 2); size = gdal.VSIFTellL(f); gdal.VSIFSeekL(f, 0, 0)
                    data = gdal.VSIFReadL(1, size, f); gdal.VSIFCloseL(f)
                    gdal.Unlink('/vsimem/out.tif'); gdal.Unlink('/vsimem/in.tif')
                else:
                    im = Image.open(io.BytesIO(src))
                    if o.get('bands') == 3: im = Image.merge('RGB', [im, im, im])
                    buf = io.BytesIO(); im.save(buf, format='TIFF', compression=o['compression']); data = buf.getvalue()
                zout.writestr(n, data)
`;

/** Re-writes every day archive of `srcDir` into `outDir/<layout>/<day>.zip` for each layout. */
export function buildCorpus(srcDir: string, outDir: string, layouts: Record<string, Layout> = LAYOUTS): void {
  pythonCode(BUILD, [srcDir, outDir, JSON.stringify(layouts)]);
}

const REFERENCE = String.raw`
import os, sys
import numpy as np
from osgeo import gdal
gdal.UseExceptions()
sys.path.insert(0, sys.argv[3])
import radar_notebook as nb
import zipfile
for zip_path, out in zip(sys.argv[1].split('\n'), sys.argv[2].split('\n')):
    names = sorted(n for n in zipfile.ZipFile(zip_path).namelist() if n.endswith('.tif'))
    pixels, rates = [], []
    for n in names:
        ds = gdal.Open('/vsizip/' + zip_path + '/' + n)  # kept: a band outliving its dataset crashes GDAL
        a = ds.GetRasterBand(1).ReadAsArray()
        ds = None
        pixels.append(a)
        rates.append(nb.tif_to_rain_rate(a))
    np.stack(pixels).astype(np.uint8).tofile(out + '.pixels')
    bins = nb.frame_bins(len(rates))
    np.stack([np.stack(rates[s:e]).mean(axis=0) for s, e in bins])[:, :-1:2, :-1:2].astype(np.float32).tofile(out + '.frames')
`;

/**
 * The notebook's result for each day archive (one python run for all), images read by GDAL:
 * `out.pixels` (band 1 of every image, uint8) and `out.frames` (the 8 mean frames, subsampled,
 * float32) for each `[zip, out]`.
 */
export function gdalReference(jobs: Array<[zip: string, out: string]>): void {
  pythonCode(REFERENCE, [jobs.map((j) => j[0]).join('\n'), jobs.map((j) => j[1]).join('\n'), join(repoRoot(), 'bench/peers')]);
}

/**
 * A minimal float32 GeoTIFF writer: one band, uncompressed strips, little-endian, with the three
 * GeoTIFF tags GDAL/QGIS/rasterio need to place it (ModelPixelScale 33550, ModelTiepoint 33922,
 * GeoKeyDirectory 34735) and GDAL_NODATA 42113 = "nan".
 *
 * Written here rather than through utif2 because utif2's encoder only writes 8-bit RGBA images.
 * Uncompressed keeps every reader (PIL, libtiff, GDAL) happy; a 443 x 235 statistic is 416 KB.
 */
import type { GeoGrid } from './geo.js';

const SHORT = 3, LONG = 4, ASCII = 2, DOUBLE = 12;
const TYPE_SIZE: Record<number, number> = { [SHORT]: 2, [LONG]: 4, [ASCII]: 1, [DOUBLE]: 8 };

interface Entry {
  tag: number;
  type: number;
  values: number[] | string;
}

/** GeoKey ids and values (GeoTIFF 1.0 spec, section 6). */
const GT_MODEL_TYPE = 1024, GT_RASTER_TYPE = 1025, PROJECTED_CS_TYPE = 3072, PROJ_LINEAR_UNITS = 3076;
const MODEL_TYPE_PROJECTED = 1, RASTER_PIXEL_IS_AREA = 1, LINEAR_METER = 9001;

export function encodeFloat32GeoTiff(data: Float32Array, width: number, height: number, grid: GeoGrid, opts: { nodata?: string } = {}): Uint8Array {
  if (data.length !== width * height) throw new Error(`GeoTIFF data has ${data.length} values, expected ${width} x ${height}`);
  const rowBytes = width * 4;
  const rowsPerStrip = Math.max(1, Math.floor(65536 / rowBytes));
  const strips = Math.ceil(height / rowsPerStrip);
  const pixelStart = 8;
  const pixelBytes = data.byteLength;
  const offsets: number[] = [], counts: number[] = [];
  for (let s = 0; s < strips; s++) {
    const rows = Math.min(rowsPerStrip, height - s * rowsPerStrip);
    offsets.push(pixelStart + s * rowsPerStrip * rowBytes);
    counts.push(rows * rowBytes);
  }
  const entries: Entry[] = [
    { tag: 256, type: LONG, values: [width] },
    { tag: 257, type: LONG, values: [height] },
    { tag: 258, type: SHORT, values: [32] },
    { tag: 259, type: SHORT, values: [1] }, // no compression
    { tag: 262, type: SHORT, values: [1] }, // BlackIsZero
    { tag: 273, type: LONG, values: offsets },
    { tag: 277, type: SHORT, values: [1] },
    { tag: 278, type: LONG, values: [rowsPerStrip] },
    { tag: 279, type: LONG, values: counts },
    { tag: 284, type: SHORT, values: [1] }, // chunky
    { tag: 339, type: SHORT, values: [3] }, // IEEE floating point
    { tag: 33550, type: DOUBLE, values: [grid.pixelWidth, grid.pixelHeight, 0] },
    { tag: 33922, type: DOUBLE, values: [0, 0, 0, grid.originEasting, grid.originNorthing, 0] },
    {
      tag: 34735,
      type: SHORT,
      values: [
        1, 1, 0, 4,
        GT_MODEL_TYPE, 0, 1, MODEL_TYPE_PROJECTED,
        GT_RASTER_TYPE, 0, 1, RASTER_PIXEL_IS_AREA,
        PROJECTED_CS_TYPE, 0, 1, grid.epsg,
        PROJ_LINEAR_UNITS, 0, 1, LINEAR_METER,
      ],
    },
    { tag: 42113, type: ASCII, values: (opts.nodata ?? 'nan') + '\0' },
  ];

  // layout: header | pixels | IFD | out-of-line values
  let ifdStart = pixelStart + pixelBytes;
  if (ifdStart % 2) ifdStart++;
  const ifdSize = 2 + entries.length * 12 + 4;
  let extra = ifdStart + ifdSize;
  const placed = entries.map((e) => {
    const size = TYPE_SIZE[e.type]! * e.values.length;
    if (size <= 4) return { e, size, at: -1 };
    if (extra % 2) extra++;
    const at = extra;
    extra += size;
    return { e, size, at };
  });
  const out = new Uint8Array(extra);
  const view = new DataView(out.buffer);
  out[0] = 0x49; out[1] = 0x49; // "II"
  view.setUint16(2, 42, true);
  view.setUint32(4, ifdStart, true);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), pixelStart);
  view.setUint16(ifdStart, entries.length, true);
  placed.forEach(({ e, at }, i) => {
    const p = ifdStart + 2 + i * 12;
    view.setUint16(p, e.tag, true);
    view.setUint16(p + 2, e.type, true);
    view.setUint32(p + 4, e.values.length, true);
    const target = at >= 0 ? at : p + 8;
    if (at >= 0) view.setUint32(p + 8, at, true);
    writeValues(view, target, e);
  });
  view.setUint32(ifdStart + 2 + entries.length * 12, 0, true); // no next IFD
  return out;
}

function writeValues(view: DataView, at: number, e: Entry): void {
  if (typeof e.values === 'string') {
    for (let i = 0; i < e.values.length; i++) view.setUint8(at + i, e.values.charCodeAt(i));
    return;
  }
  const size = TYPE_SIZE[e.type]!;
  e.values.forEach((v, i) => {
    if (e.type === SHORT) view.setUint16(at + i * size, v, true);
    else if (e.type === LONG) view.setUint32(at + i * size, v, true);
    else view.setFloat64(at + i * size, v, true);
  });
}

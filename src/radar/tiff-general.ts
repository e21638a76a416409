/**
 * The general TIFF path: geotiff.js, the well-kept JavaScript GeoTIFF reader, for the layouts GIS
 * tools write and the fast path does not read (tiles and Cloud Optimized GeoTIFFs, BigTIFF, sparse
 * files whose empty strips or tiles stand for nodata, band-interleaved LZW/PackBits). Only band 1 is
 * decoded. Every block is bounds-checked before decoding so a truncated file stays an error.
 */
import { createRequire } from 'node:module';
import type { GeoTIFFImage } from 'geotiff';
import type { DecodedTiff } from './tiff-read.js';
import { badTiff, READ_COMPRESSIONS, SAMPLE_SUPPORT, sampleFormatName, unreadCompression, unsupportedTiff } from './tiff-read.js';

let geotiff: Promise<typeof import('geotiff')> | undefined;

/**
 * geotiff.js, loaded on first use: the common layouts never pay for it. Its worker-pool dependency
 * (web-worker) assumes, when imported inside a worker thread, that the thread is its own and reads
 * `workerData.mod`; in our graph and synthesis threads workerData is unset and the import would
 * throw, so an empty one is put there first (web-worker then just defines its Worker class).
 */
function loadGeotiff(): Promise<typeof import('geotiff')> {
  const threads = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads') & { workerData: unknown };
  if (!threads.isMainThread && threads.workerData == null) threads.workerData = {};
  return (geotiff ??= import('geotiff'));
}

/** Tags the radar reader looks at afterwards (georeferencing, nodata), by number as utif2 names them. */
const KEPT_TAGS = [33550, 33922, 34264, 34735, 34736, 34737, 42113];

async function tagValues(image: GeoTIFFImage, tag: number | string): Promise<number[] | undefined> {
  const v = (await image.fileDirectory.loadValue(tag as never)) as unknown;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || typeof v === 'bigint') return [Number(v)];
  if (typeof v === 'string') return undefined;
  return Array.from(v as ArrayLike<number | bigint>, Number);
}

export async function decodeTiffGeneral(bytes: Uint8Array, label: string): Promise<DecodedTiff> {
  const ab = (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : new Uint8Array(bytes).buffer) as ArrayBuffer;
  let image: GeoTIFFImage;
  try {
    image = await (await (await loadGeotiff()).fromArrayBuffer(ab)).getImage(0);
  } catch (e) {
    throw badTiff(label, `its tags cannot be parsed (${(e as Error).message})`);
  }
  const width = image.getWidth(), height = image.getHeight();
  if (!width || !height) throw badTiff(label, 'it has no width or height tag');
  const bands = image.getSamplesPerPixel();
  const bitsPerSample = image.getBitsPerSample(0);
  const sampleFormat = image.getSampleFormat(0);
  const compression = (await tagValues(image, 'Compression'))?.[0] ?? 1;
  const isU8 = bitsPerSample === 8 && sampleFormat === 1;
  const isF32 = bitsPerSample === 32 && sampleFormat === 3;
  if (!isU8 && !isF32) throw unsupportedTiff(label, `its samples are ${bitsPerSample}-bit ${sampleFormatName(sampleFormat)}; ${SAMPLE_SUPPORT}`);
  // geotiff.js would decode JPEG or WebP tiles (lossy: other radar codes) and fails on LZMA as if
  // the file were damaged: the same refusal as the fast path's.
  if (!READ_COMPRESSIONS.has(compression)) throw unreadCompression(label, compression);

  const tiled = image.isTiled;
  const offsets = await tagValues(image, tiled ? 'TileOffsets' : 'StripOffsets');
  const counts = await tagValues(image, tiled ? 'TileByteCounts' : 'StripByteCounts');
  const block = tiled ? 'tile' : 'strip';
  if (!offsets || !counts || offsets.length !== counts.length) throw badTiff(label, `its ${block} offsets or byte counts are missing`);
  for (let i = 0; i < offsets.length; i++) {
    // A zero byte count is an empty block (GDAL SPARSE_OK): geotiff.js fills it with the nodata value.
    if (counts[i]! > 0 && offsets[i]! + counts[i]! > bytes.length) {
      throw badTiff(label, `${block} ${i + 1} of ${offsets.length} ends at byte ${offsets[i]! + counts[i]!} but the file has ${bytes.length}: truncated`);
    }
  }

  let data: Uint8Array | Float32Array;
  try {
    const rasters = (await image.readRasters({ samples: [0] })) as unknown as ArrayLike<Uint8Array | Float32Array>;
    data = rasters[0]!;
  } catch (e) {
    throw badTiff(label, `its ${block}s cannot be decompressed (${(e as Error).message})`);
  }
  if (!(isU8 ? data instanceof Uint8Array : data instanceof Float32Array) || data.length !== width * height) {
    throw badTiff(label, `band 1 decodes to ${data.length} samples, ${width * height} expected`);
  }
  const tags: Record<string, unknown> = {};
  for (const t of KEPT_TAGS) {
    const v = await tagValues(image, t);
    if (v) tags['t' + t] = v;
  }
  return { width, height, bands, bitsPerSample, sampleFormat, compression, data, tags };
}

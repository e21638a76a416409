/**
 * Reads the first band of an 8-bit (or 32-bit float) TIFF, by the fastest correct path for its
 * layout (measured, see README "Radar input"):
 * - classic, stripped files without empty strips (SMHI's own layout, whatever GDAL or PIL write by
 *   default) take the fast path: tags parsed by utif2, which also decompresses LZW and PackBits
 *   strips (measured the fastest JS decoder for those); deflate strips go through node's native
 *   zlib, which is faster still and, unlike a lenient decoder, throws on a damaged stream;
 *   Band-interleaved files (PlanarConfiguration 2) decode band 1's strips only;
 * - everything else GIS tools write (tiles and COGs, BigTIFF, sparse files with empty strips or
 *   tiles) goes through geotiff.js (tiff-general.ts), which reads all of those but is 5-50x slower
 *   (bench/radar-tiff-layouts.ts); utif2 places tiled data wrongly and has no BigTIFF.
 * Band 1 is used, as the lecture's notebook does (`x[..., 0]`): SMHI's 3-band years carry three
 * identical bands. Strips and tiles are bounds-checked first, so a truncated file is an error,
 * never an image with a silently blank bottom.
 */
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { SsdpError } from '../util/errors.js';
import { decodeTiffGeneral } from './tiff-general.js';

type Utif = typeof import('utif2');
const UTIF = createRequire(import.meta.url)('utif2') as Utif;

export interface DecodedTiff {
  width: number;
  height: number;
  /** Bands in the file (only the first is decoded). */
  bands: number;
  bitsPerSample: number;
  /** 1 = unsigned integer, 3 = IEEE float. */
  sampleFormat: number;
  compression: number;
  /** The first band, row-major: Uint8Array for 8-bit files, Float32Array for 32-bit float ones. */
  data: Uint8Array | Float32Array;
  /** Raw tags by number (`t33550` etc. as utif2 names them), for georeferencing checks. */
  tags: Record<string, unknown>;
}

const COMPRESSIONS: Record<number, string> = { 6: 'old-style JPEG', 7: 'JPEG', 34887: 'LERC', 34925: 'LZMA', 50000: 'ZSTD', 50001: 'WebP', 34712: 'JPEG 2000' };
export const compressionName = (c: number) => (COMPRESSIONS[c] ? `${COMPRESSIONS[c]} (${c})` : String(c));
export const sampleFormatName = (f: number) => ({ 1: 'unsigned integer', 2: 'signed integer', 3: 'float' } as Record<number, string>)[f] ?? `format ${f}`;

/** A valid TIFF in a layout ssdp does not read: not damaged, so the hint says how to convert it. */
export function unsupportedTiff(label: string, what: string): SsdpError {
  return new SsdpError('E_RADAR_UNSUPPORTED_TIFF', `${label} is a TIFF layout ssdp does not read: ${what}.`, {
    hint: 'The file is not damaged: convert it to 8-bit unsigned with a supported compression, e.g. gdal_translate -ot Byte -co COMPRESS=DEFLATE in.tif out.tif, and put the converted images in the day archive.',
  });
}

/**
 * What a radar image's samples must be. The reader also decodes 32-bit float TIFFs (ssdp's own
 * GeoTIFF outputs read back), but a composite is refused with this same statement whether its
 * samples are 16-bit or float (tester s22 try8w W4: float was said to be read, then refused as
 * a wrong-size image).
 */
export const SAMPLE_SUPPORT = "radar composites are read as 8-bit unsigned samples only (SMHI's codes 0-255)";

/**
 * Compressions read, by number: the fast path decodes the first five in strips; ZSTD (GDAL's
 * COMPRESS=ZSTD, strips by default) goes to geotiff.js's decoder, as tiles do. Lossy ones (JPEG,
 * WebP, LERC with an error bound) would change the radar codes, so they stay refused.
 */
export const READ_COMPRESSIONS = new Set([1, 5, 8, 32946, 32773, 50000]);
const READ_LIST = 'none, LZW, deflate, PackBits and ZSTD are read';

/** The refusal of a compression not in READ_COMPRESSIONS. */
export function unreadCompression(label: string, compression: number): SsdpError {
  return unsupportedTiff(label, `it uses compression ${compressionName(compression)} (${READ_LIST})`);
}

export function badTiff(label: string, what: string): SsdpError {
  return new SsdpError('E_RADAR_BAD_TIFF', `${label} is not a readable TIFF image: ${what}.`, {
    hint: 'The file is damaged or truncated: delete the day archive holding it and download or generate it again.',
  });
}

function num(ifd: Record<string, unknown>, tag: number, dflt?: number): number | undefined {
  const v = ifd['t' + tag] as ArrayLike<number> | undefined;
  return v && v.length > 0 ? Number(v[0]) : dflt;
}

function nums(ifd: Record<string, unknown>, tag: number): number[] | undefined {
  const v = ifd['t' + tag] as ArrayLike<number> | undefined;
  return v ? Array.from(v, Number) : undefined;
}

/**
 * Decodes the first band of the first image of a TIFF, whatever its layout. `label` names the file
 * in errors (for radar images: "day.zip: radar_2011010000.tif").
 */
export async function readTiff(bytes: Uint8Array, label: string): Promise<DecodedTiff> {
  return decodeFast(bytes, label) ?? (await decodeTiffGeneral(bytes, label));
}

/** `readTiff` for the layouts the synchronous fast path reads (stripped classic TIFF); others are an error. */
export function decodeTiff(bytes: Uint8Array, label: string): DecodedTiff {
  const img = decodeFast(bytes, label);
  if (!img) throw badTiff(label, 'its layout (tiled, BigTIFF or sparse) needs readTiff');
  return img;
}

/** The fast path, or undefined when the file's layout needs the general reader. */
function decodeFast(bytes: Uint8Array, label: string): DecodedTiff | undefined {
  if (bytes.length < 8) throw badTiff(label, `only ${bytes.length} bytes long`);
  const b0 = bytes[0], b1 = bytes[1];
  if (!((b0 === 0x49 && b1 === 0x49) || (b0 === 0x4d && b1 === 0x4d))) throw badTiff(label, 'no TIFF header');
  const le = b0 === 0x49;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint16(2, le);
  if (magic === 43) return undefined; // BigTIFF
  if (magic !== 42) throw badTiff(label, `bad TIFF magic number ${magic}`);
  const ifdOffset = view.getUint32(4, le);
  if (ifdOffset + 2 > bytes.length) throw badTiff(label, `the image directory (offset ${ifdOffset}) lies past the end of the file (${bytes.length} bytes): truncated`);
  const nTags = view.getUint16(ifdOffset, le);
  if (ifdOffset + 2 + nTags * 12 > bytes.length) throw badTiff(label, 'the image directory is cut off: truncated');

  // utif2 indexes `data.buffer` directly, so it must get a buffer that starts at the TIFF.
  const ab = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (new Uint8Array(bytes).buffer as ArrayBuffer);
  let ifd: Record<string, unknown>;
  try {
    const ifds = (UTIF.decode as (b: ArrayBuffer, prm: unknown) => unknown)(ab, { parseMN: false, debug: false }) as Record<string, unknown>[];
    if (!ifds.length) throw new Error('no image directory');
    ifd = ifds[0]!;
  } catch (e) {
    throw badTiff(label, `its tags cannot be parsed (${(e as Error).message})`);
  }
  const width = num(ifd, 256), height = num(ifd, 257);
  if (!width || !height) throw badTiff(label, 'it has no width or height tag');
  const bands = num(ifd, 277, 1)!;
  const bps = nums(ifd, 258) ?? [1];
  const bitsPerSample = bps[0]!;
  const sampleFormat = num(ifd, 339, 1)!;
  const compression = num(ifd, 259, 1)!;
  const planar = num(ifd, 284, 1)!;
  const predictor = num(ifd, 317, 1)!;
  if (ifd['t322'] !== undefined) return undefined; // tiled
  if (bps.some((b) => b !== bitsPerSample)) throw badTiff(label, `its bands have different sample sizes (${bps.join(', ')})`);
  const isU8 = bitsPerSample === 8 && sampleFormat === 1;
  const isF32 = bitsPerSample === 32 && sampleFormat === 3;
  if (!isU8 && !isF32) throw unsupportedTiff(label, `its samples are ${bitsPerSample}-bit ${sampleFormatName(sampleFormat)}; ${SAMPLE_SUPPORT}`);
  // Big-endian floats, the floating-point predictor (3) and ZSTD: geotiff.js decodes them.
  if (isF32 && (!le || predictor === 3)) return undefined;
  if (compression === 50000) return undefined;
  if (!READ_COMPRESSIONS.has(compression)) throw unreadCompression(label, compression);
  if (predictor !== 1 && !(predictor === 2 && isU8)) throw unsupportedTiff(label, `it uses predictor ${predictor} (none and horizontal differencing are read)`);
  const offsets = nums(ifd, 273), counts = nums(ifd, 279);
  if (!offsets || !counts || offsets.length !== counts.length) throw badTiff(label, 'its strip offsets or byte counts are missing');
  // Empty strips (GDAL SPARSE_OK) stand for nodata: the general reader fills them.
  if (counts.some((c) => c === 0)) return undefined;
  for (let i = 0; i < offsets.length; i++) {
    if (offsets[i]! + counts[i]! > bytes.length) {
      throw badTiff(label, `strip ${i + 1} of ${offsets.length} ends at byte ${offsets[i]! + counts[i]!} but the file has ${bytes.length}: truncated`);
    }
  }
  const bytesPerSample = bitsPerSample / 8;
  const rowsPerStrip = Math.min(num(ifd, 278, height)!, height);
  const stripsPerPlane = Math.ceil(height / rowsPerStrip);
  // Chunky files interleave bands; planar ones store band 0's strips first.
  const pixelStride = planar === 2 ? 1 : bands;
  const rowBytes = width * pixelStride * bytesPerSample;
  // Band 0's strips come first in planar files, and are all the strips in chunky ones.
  if (offsets.length < stripsPerPlane) throw badTiff(label, `it has ${offsets.length} strips, at least ${stripsPerPlane} expected`);

  let raw: Uint8Array;
  if (compression === 1 || compression === 8 || compression === 32946) {
    raw = new Uint8Array(rowBytes * height);
    for (let s = 0; s < stripsPerPlane; s++) {
      const rows = Math.min(rowsPerStrip, height - s * rowsPerStrip);
      const want = rows * rowBytes;
      const src = bytes.subarray(offsets[s]!, offsets[s]! + counts[s]!);
      let strip: Uint8Array;
      if (compression === 1) strip = src;
      else {
        try {
          strip = inflateSync(src);
        } catch (e) {
          throw badTiff(label, `strip ${s + 1} does not inflate (${(e as Error).message})`);
        }
      }
      if (strip.length < want) throw badTiff(label, `strip ${s + 1} holds ${strip.length} bytes, ${want} expected: truncated`);
      raw.set(strip.subarray(0, want), s * rowsPerStrip * rowBytes);
    }
    if (predictor === 2) undoHorizontalPredictor(raw, width, height, pixelStride);
  } else if (compression === 5 || compression === 32773) {
    // utif2 lays every strip out as if the bands were pixel-interleaved; for a band-interleaved file
    // it gets band 1's strips alone, described as a one-band image (measured 10x faster than geotiff.js).
    const target: Record<string, unknown> = planar === 2 && bands > 1
      ? { ...ifd, t273: offsets.slice(0, stripsPerPlane), t279: counts.slice(0, stripsPerPlane), t277: [1], t258: [bitsPerSample], t284: [1] }
      : ifd;
    try {
      UTIF.decodeImage(ab, target as never);
    } catch (e) {
      throw badTiff(label, `its strips cannot be decompressed (${(e as Error).message})`);
    }
    const d = (target as { data?: Uint8Array }).data;
    const planeBytes = rowBytes * height;
    if (!d || d.length < planeBytes) throw badTiff(label, `it decodes to ${d?.length ?? 0} bytes, ${planeBytes} expected: truncated`);
    raw = d.subarray(0, planeBytes);
  } else {
    throw unreadCompression(label, compression);
  }

  let data: Uint8Array | Float32Array;
  if (isU8) {
    if (pixelStride === 1) data = raw;
    else {
      const n = width * height;
      const out = new Uint8Array(n);
      for (let i = 0, j = 0; i < n; i++, j += pixelStride) out[i] = raw[j]!;
      data = out;
    }
  } else {
    const n = width * height;
    const out = new Float32Array(n);
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4 * pixelStride, true);
    data = out;
  }
  return { width, height, bands, bitsPerSample, sampleFormat, compression, data, tags: ifd };
}

function undoHorizontalPredictor(raw: Uint8Array, width: number, height: number, stride: number): void {
  const rowBytes = width * stride;
  for (let y = 0; y < height; y++) {
    const o = y * rowBytes;
    for (let j = o + stride; j < o + rowBytes; j++) raw[j] = (raw[j]! + raw[j - stride]!) & 255;
  }
}

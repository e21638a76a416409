/**
 * One composite image: a TIFF entry of a day archive decoded to 471 x 887 pixel values, checked
 * against the composite's geometry so a wrong file is an error, not a silently shifted map.
 */
import { SsdpError } from '../util/errors.js';
import { checkGeoReference } from './georef-check.js';
import { HEIGHT, WIDTH } from './geometry.js';
import { readTiff, SAMPLE_SUPPORT, sampleFormatName, unsupportedTiff } from './tiff-read.js';

/**
 * `radar_YYMMDDHHMM.tif`, SMHI's name for one composite. Any case: archivers and Windows tools
 * write `.TIF`, and the time is in the digits either way.
 */
export const IMAGE_NAME = /^(?:.*\/)?radar_(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.tiff?$/i;

/** Days in each month of year `y` (1-based month). */
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * What is wrong with an image's name for a day archive: undefined for SMHI's name with a real
 * time, else a phrase to put after the name ("is not named ...", "names hour 24, ..."). A name
 * with an impossible time (hour 24, minute 60, 31 November) must not pass: Date would roll it
 * into the next hour or day, or fail later far from the archive.
 */
export function imageNameProblem(name: string): string | undefined {
  const m = IMAGE_NAME.exec(name);
  if (!m) return 'is not named radar_YYMMDDHHMM.tif, so its time is unknown';
  const [yy, mo, d, h, mi] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  const bad: string[] = [];
  if (mo < 1 || mo > 12) bad.push(`month ${m[2]}`);
  else if (d < 1 || d > daysIn(2000 + yy, mo)) bad.push(`day ${m[3]}`);
  if (h > 23) bad.push(`hour ${m[4]}`);
  if (mi > 59) bad.push(`minute ${m[5]}`);
  return bad.length ? `names an impossible time (${bad.join(', ')})` : undefined;
}

/** The UTC time an image name stands for, as an ISO string, or undefined for other names and impossible times. */
export function imageTime(name: string): string | undefined {
  const m = IMAGE_NAME.exec(name);
  if (!m || imageNameProblem(name)) return undefined;
  return `20${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00Z`;
}

/** The image name SMHI gives the composite taken at `time`. */
export function imageName(time: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `radar_${p(time.getUTCFullYear() % 100)}${p(time.getUTCMonth() + 1)}${p(time.getUTCDate())}${p(time.getUTCHours())}${p(time.getUTCMinutes())}.tif`;
}

/**
 * Decodes one composite (first band if there are three) and checks its size and, where it carries
 * GeoTIFF tags, its georeferencing. `zipFile` and `entry` only name the image in errors.
 */
export async function decodeRadarImage(bytes: Uint8Array, zipFile: string, entry: string): Promise<Uint8Array> {
  const img = await readTiff(bytes, `${zipFile}: ${entry}`);
  // A float composite of the right size: the samples are what is wrong, said as for 16-bit ones (W4).
  if (img.width === WIDTH && img.height === HEIGHT && !(img.data instanceof Uint8Array)) {
    throw unsupportedTiff(`${zipFile}: ${entry}`, `its samples are ${img.bitsPerSample}-bit ${sampleFormatName(img.sampleFormat)}; ${SAMPLE_SUPPORT}`);
  }
  if (img.width !== WIDTH || img.height !== HEIGHT || !(img.data instanceof Uint8Array)) {
    const kind = img.data instanceof Uint8Array ? '8-bit' : `${img.bitsPerSample}-bit`;
    throw new SsdpError(
      'E_RADAR_BAD_IMAGE',
      `${zipFile}: ${entry} is a ${img.width} x ${img.height} ${kind} image; SMHI's composite is ${WIDTH} x ${HEIGHT} 8-bit (columns x rows).`,
      { hint: 'This archive does not hold SMHI Sweden composites: check the data folder or the download URL.' },
    );
  }
  checkGeoReference(img.tags, `${zipFile}: ${entry}`);
  return img.data;
}

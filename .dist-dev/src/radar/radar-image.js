/**
 * One composite image: a TIFF entry of a day archive decoded to 471 x 887 pixel values, checked
 * against the composite's geometry so a wrong file is an error, not a silently shifted map.
 */
import { SsdpError } from '../util/errors.js';
import { checkGeoReference } from './georef-check.js';
import { HEIGHT, WIDTH } from './geometry.js';
import { readTiff } from './tiff-read.js';
/** `radar_YYMMDDHHMM.tif`, SMHI's name for one composite. */
export const IMAGE_NAME = /^(?:.*\/)?radar_(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.tiff?$/;
/** The UTC time an image name stands for, as an ISO string, or undefined for other names. */
export function imageTime(name) {
    const m = IMAGE_NAME.exec(name);
    if (!m)
        return undefined;
    return `20${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00Z`;
}
/** The image name SMHI gives the composite taken at `time`. */
export function imageName(time) {
    const p = (n) => String(n).padStart(2, '0');
    return `radar_${p(time.getUTCFullYear() % 100)}${p(time.getUTCMonth() + 1)}${p(time.getUTCDate())}${p(time.getUTCHours())}${p(time.getUTCMinutes())}.tif`;
}
/**
 * Decodes one composite (first band if there are three) and checks its size and, where it carries
 * GeoTIFF tags, its georeferencing. `zipFile` and `entry` only name the image in errors.
 */
export async function decodeRadarImage(bytes, zipFile, entry) {
    const img = await readTiff(bytes, `${zipFile}: ${entry}`);
    if (img.width !== WIDTH || img.height !== HEIGHT || !(img.data instanceof Uint8Array)) {
        const kind = img.data instanceof Uint8Array ? '8-bit' : `${img.bitsPerSample}-bit`;
        throw new SsdpError('E_RADAR_BAD_IMAGE', `${zipFile}: ${entry} is a ${img.width} x ${img.height} ${kind} image; SMHI's composite is ${WIDTH} x ${HEIGHT} 8-bit (columns x rows).`, { hint: 'This archive does not hold SMHI Sweden composites: check the data folder or the download URL.' });
    }
    checkGeoReference(img.tags, `${zipFile}: ${entry}`);
    return img.data;
}
//# sourceMappingURL=radar-image.js.map
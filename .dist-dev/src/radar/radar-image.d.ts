/** `radar_YYMMDDHHMM.tif`, SMHI's name for one composite. */
export declare const IMAGE_NAME: RegExp;
/** The UTC time an image name stands for, as an ISO string, or undefined for other names. */
export declare function imageTime(name: string): string | undefined;
/** The image name SMHI gives the composite taken at `time`. */
export declare function imageName(time: Date): string;
/**
 * Decodes one composite (first band if there are three) and checks its size and, where it carries
 * GeoTIFF tags, its georeferencing. `zipFile` and `entry` only name the image in errors.
 */
export declare function decodeRadarImage(bytes: Uint8Array, zipFile: string, entry: string): Promise<Uint8Array>;

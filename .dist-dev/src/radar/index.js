/**
 * The radar data side of the pipeline: SMHI's composite (zip archives of GeoTIFFs) read, written,
 * synthesised and downloaded, and the lecture's numerics (rain rate, frames, statistics) as pure
 * functions that task-graph workers import.
 */
export * from './geometry.js';
export { RADAR_SITES, RADAR_RANGE_M, radarPixels, coverageMask } from './radar-sites.js';
export { crc32 } from './crc32.js';
export { openZip, parseZip, readEntry, readZip } from './zip-read.js';
export { writeZip } from './zip-write.js';
export { decodeTiff, readTiff } from './tiff-read.js';
export { checkGeoReference } from './georef-check.js';
export { encodeTiff, readGeoReference } from './tiff-write.js';
export { MIN_RAIN_DBZ, pixelToDbz, pixelToRainRate, dbzToPixel, rainRateLut, toRainRate } from './rain-rate.js';
export { IMAGE_NAME, imageName, imageTime, decodeRadarImage } from './radar-image.js';
export { emptyPartial, accumulate, mergePartials, mergeAll, finalizeStats, } from './stats.js';
export { forEachImage, readDay, frameSizes, subsample, DayAccumulator, dayFrames, dayPartial, } from './day.js';
export { parseDate, formatDate, dateRange, dayFile, listDays } from './days.js';
export { syntheticImages, syntheticDayZip, writeSyntheticDay, writeSyntheticDays, } from './synthetic.js';
export { DEFAULT_SMHI_URL, smhiDayUrl, verifyZip, downloadSmhiDay, downloadSmhiDays, } from './smhi.js';
//# sourceMappingURL=index.js.map
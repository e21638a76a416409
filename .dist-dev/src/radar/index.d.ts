/**
 * The radar data side of the pipeline: SMHI's composite (zip archives of GeoTIFFs) read, written,
 * synthesised and downloaded, and the lecture's numerics (rain rate, frames, statistics) as pure
 * functions that task-graph workers import.
 */
export * from './geometry.js';
export { RADAR_SITES, RADAR_RANGE_M, radarPixels, coverageMask, type RadarSite } from './radar-sites.js';
export { crc32 } from './crc32.js';
export { openZip, parseZip, readEntry, readZip, type ZipArchive, type ZipEntry } from './zip-read.js';
export { writeZip, type ZipInput, type ZipWriteOptions } from './zip-write.js';
export { decodeTiff, readTiff, type DecodedTiff } from './tiff-read.js';
export { checkGeoReference } from './georef-check.js';
export { encodeTiff, readGeoReference, type TiffWriteOptions } from './tiff-write.js';
export { MIN_RAIN_DBZ, pixelToDbz, pixelToRainRate, dbzToPixel, rainRateLut, toRainRate } from './rain-rate.js';
export { IMAGE_NAME, imageName, imageTime, decodeRadarImage } from './radar-image.js';
export { emptyPartial, accumulate, mergePartials, mergeAll, finalizeStats, type StatsPartial, type Statistics, } from './stats.js';
export { forEachImage, readDay, frameSizes, subsample, DayAccumulator, dayFrames, dayPartial, type RadarImage, type ReadDayOptions, type DayResult, } from './day.js';
export { parseDate, formatDate, dateRange, dayFile, listDays, type DayFile, type DayListing, type ListDaysOptions } from './days.js';
export { syntheticImages, syntheticDayZip, writeSyntheticDay, writeSyntheticDays, type SyntheticDayOptions, type WriteSyntheticDaysOptions, } from './synthetic.js';
export { DEFAULT_SMHI_URL, smhiDayUrl, verifyZip, downloadSmhiDay, downloadSmhiDays, type DownloadOptions, type DownloadDaysOptions, type DownloadProgress, type DownloadResult, } from './smhi.js';

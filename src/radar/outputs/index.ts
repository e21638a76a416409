/**
 * The radar pipeline's output files. One call, at the end of `ssdp run pipeline`:
 *
 *   await writeOutputs({ outDir, frames, timestamps, stats, geo, summary, onProgress })
 *
 * Inputs (types.ts): `frames`, Float32Array(443 * 235) each, row-major rain rate in mm/h with
 * NaN = nodata; `timestamps`, the UTC start of each frame; `stats` { nanmin, nanmax, nanmean,
 * nanstd } of the same size; `geo`, the frames' grid (default SUBSAMPLED_GEO: SMHI's
 * SWEREF 99 TM grid subsampled by 2, pixels 4029.916 m, same upper-left corner); `summary`, the
 * run's parameters, days used/skipped, image count and stage timings; `onProgress`, called per
 * frame and per file with { step, done, total }.
 *
 * Writes into outDir, each file atomically (temp name, then rename):
 *   radar.gif                animation, 20 frames/s, magma on log 0.01-100 mm/h, colour bar, labels
 *   frames.npy               float32 (frames, 443, 235), streamed frame by frame
 *   nanmin|nanmax|nanmean|nanstd .npy  float32 (443, 235)
 *   nanmin|... .tif          float32 GeoTIFF (src/radar/tiff-write.ts), EPSG:3006, GDAL_NODATA nan
 *   nanmin|... .png          indexed PNG map with colour bar and title
 *   summary.json, report.html   written last
 * Returns the files with sizes and seconds, and the summary that was written.
 */
export { writeOutputs } from './write-outputs.js';
export type {
  RadarStats, RunSummary, PictureGeometry, StageTiming, OutputProgress, WriteOutputsOptions, OutputFile, OutputsResult, SummaryJson, ValueRange, StatName,
} from './types.js';
export { STAT_NAMES, STAT_TITLES } from './types.js';
export { writeNpy, readNpy, readNpyHeader, createNpyWriter, npyHeader, type NpyArray, type NpyContent, type NpyWriter } from './npy.js';
export { SUBSAMPLED_GEO, COMPOSITE_GEO, type GeoReference } from './geo.js';
export { writeRadarGif, type RadarGifOptions, type RadarGifResult } from './gif.js';
export { writeStatMap, renderStatMap, type StatMapOptions } from './maps.js';
export { MAGMA, PALETTE, LEVELS, FIRST_ENTRY, BLACK, WHITE, GREY, COAST, BORDER, COAST_RGB, BORDER_RGB, INK, KEEP, RAIN_SCALE, levelOf, indexField, magmaEntryForLevel, autoScale, type LogScale, type Rgb } from './colormap.js';
export { frameLabel, inferFrameMinutes, periodLabel, dataOrigin, compositingWarning, SMHI_COMPOSITING_CHANGE } from './labels.js';
export { basemapSweref, basemapPixels, type Basemap } from './basemap.js';
export { writeFileAtomic, openAtomic, removeStaleTemps } from '../../util/atomic-file.js';

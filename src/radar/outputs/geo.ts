/**
 * Georeferencing of a north-up raster: the upper-left corner of its upper-left pixel and the
 * pixel size, in a projected CRS given by its EPSG code.
 */
export interface GeoGrid {
  /** EPSG code of the projected CRS (3006 = SWEREF 99 TM). */
  epsg: number;
  /** Upper-left corner of the upper-left pixel, metres. */
  originEasting: number;
  originNorthing: number;
  /** Pixel width and height in metres (both positive; rows run south). */
  pixelWidth: number;
  pixelHeight: number;
}

/** SMHI's composite over Sweden (471 x 887 pixels), as its GeoTIFF tags state. */
export const SMHI_COMPOSITE_GRID: GeoGrid = {
  epsg: 3006,
  originEasting: 126648.404,
  originNorthing: 7771252.876,
  pixelWidth: 2014.958,
  pixelHeight: 2014.958,
};

/**
 * The grid after keeping every `step`-th row and column starting with the first ([::step]):
 * same upper-left corner (the first kept pixel is the upper-left one), pixels `step` times larger.
 */
export function subsampledGrid(grid: GeoGrid, step: number): GeoGrid {
  return { ...grid, pixelWidth: grid.pixelWidth * step, pixelHeight: grid.pixelHeight * step };
}

/** The grid of the pipeline's frames and statistics (443 x 235, [:-1:2, :-1:2] of the composite). */
export const RADAR_OUTPUT_GRID: GeoGrid = subsampledGrid(SMHI_COMPOSITE_GRID, 2);

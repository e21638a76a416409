/**
 * Georeferencing of the outputs: the radar area's own types (src/radar/geometry.ts), re-exported
 * so callers of the outputs need one import.
 */
export { SUBSAMPLED_GEO, COMPOSITE_GEO, type GeoReference } from '../geometry.js';

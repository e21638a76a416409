/** Throws E_RADAR_BAD_GEOREF when the image's geotags place it anywhere but the composite's grid. */
export declare function checkGeoReference(tags: Record<string, unknown>, label: string): void;

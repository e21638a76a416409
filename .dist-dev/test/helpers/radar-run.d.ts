/** `ssdp run pipeline` parameters of the 2-day run. */
export declare const RADAR_PARAMS: string[];
/** A folder holding the repository's ssdp.yaml without its env (steps run in this ssdp's node). */
export declare function radarProject(prefix: string): string;
/**
 * Both output folders hold the same files with the same bytes. report.html and summary.json's
 * time stamp and timings are each run's own clock (its list of outputs is in the order they
 * finished writing); every other byte must match.
 */
export declare function assertSameRadarOutputs(local: string, remote: string): void;

export interface ZipInput {
    name: string;
    data: Uint8Array;
    /** Modification time written into the entry (DOS precision: 2 s); defaults to 1980-01-01. */
    mtime?: Date;
}
export interface ZipWriteOptions {
    /** 0 stores entries; 1-9 deflates them at that level (default 6). */
    level?: number;
    /** The archive comment (ASCII), e.g. the marker of ssdp's synthetic days. */
    comment?: string;
}
/** Builds a zip archive in memory. */
export declare function writeZip(inputs: ZipInput[], opts?: ZipWriteOptions): Buffer;

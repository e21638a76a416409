export interface ZipEntry {
    name: string;
    /** 0 = stored, 8 = deflate. */
    method: number;
    crc: number;
    compressedSize: number;
    size: number;
    /** Offset of the entry's local header in the archive. */
    localOffset: number;
}
export interface ZipArchive {
    /** The archive's path (or a label), used in error messages. */
    file: string;
    data: Uint8Array;
    entries: ZipEntry[];
    /** The archive comment (latin1; '' when there is none). */
    comment: string;
}
/** Reads a zip archive from disk and parses its central directory (entries are inflated lazily). */
export declare function openZip(file: string): ZipArchive;
/** Parses the central directory of an in-memory archive. */
export declare function parseZip(data: Uint8Array, file?: string): ZipArchive;
/** Inflates one entry and checks its size and CRC-32. */
export declare function readEntry(zip: ZipArchive, entry: ZipEntry): Uint8Array;
/** Reads a whole archive into a name -> bytes map (small archives and tests). */
export declare function readZip(file: string): Map<string, Uint8Array>;

declare function tableCrc32(data: Uint8Array, value?: number): number;
export declare function crc32(data: Uint8Array, value?: number): number;
/** The portable implementation, exported so tests can check the native one against it. */
export declare const crc32Portable: typeof tableCrc32;
export {};

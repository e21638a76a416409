import type { DecodedTiff } from './tiff-read.js';
export declare function decodeTiffGeneral(bytes: Uint8Array, label: string): Promise<DecodedTiff>;

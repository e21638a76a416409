// Types for the parts of gifenc 1.x we use (the package ships none).
declare module 'gifenc' {
  export interface GifFrameOptions {
    palette?: number[][];
    first?: boolean;
    transparent?: boolean;
    transparentIndex?: number;
    delay?: number;
    repeat?: number;
    colorDepth?: number;
    dispose?: number;
  }
  export interface GifEncoderStream {
    reset(): void;
    finish(): void;
    bytes(): Uint8Array;
    bytesView(): Uint8Array;
    writeHeader(): void;
    writeFrame(index: Uint8Array, width: number, height: number, opts?: GifFrameOptions): void;
  }
  const gifenc: { GIFEncoder(opts?: { auto?: boolean; initialCapacity?: number }): GifEncoderStream };
  export default gifenc;
}

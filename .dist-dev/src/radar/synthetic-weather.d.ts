/** A small fast generator (mulberry32). */
export declare function rng(seed: number): () => number;
/** Mixes integers into one 32-bit seed (splitmix-style finaliser). */
export declare function hashInts(...xs: number[]): number;
interface Cell {
    /** Birth and death, minutes since the Unix epoch. */
    born: number;
    life: number;
    /** Position at birth (pixels) and velocity (pixels per minute). */
    x0: number;
    y0: number;
    vx: number;
    vy: number;
    /** Peak reflectivity (dBZ) and core radius (pixels) at the height of its life. */
    peak: number;
    radius: number;
    /** Elongation (>= 1) and orientation of the ellipse. */
    aspect: number;
    angle: number;
    /** dB drop at one core radius. */
    falloff: number;
    texture: number;
    /** Offset into the texture tile, so neighbouring cells look different. */
    tx: number;
    ty: number;
}
/** Every cell alive at some moment of [from, to) (minutes). */
export declare function cellsBetween(seed: number, from: number, to: number): Cell[];
/**
 * Draws the composite at `minute` (minutes since the epoch) into `out` (pixel values: 255
 * outside coverage, 0 for no echo, otherwise 0.4x - 30 dBZ). `cells` must include those alive then.
 */
export declare function drawComposite(seed: number, minute: number, cells: Cell[], out?: Uint8Array<ArrayBuffer>): Uint8Array;
export {};

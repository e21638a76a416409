import type { Redis } from 'ioredis';
/** A value as it travels: inline JSON (`j`) or a blob id (`b`) and its size. */
export type Enc = {
    readonly $e: 'j';
    readonly v: unknown;
} | {
    readonly $e: 'b';
    readonly b: string;
    readonly n: number;
};
export declare function isEnc(v: unknown): v is Enc;
/** Where blobs live: a shared folder (`f:` ids) or binary Redis keys (`r:` ids). */
export declare class BlobStore {
    private readonly redis;
    private readonly run;
    /** A folder every worker and the submitter see at the same path. */
    readonly sharedDir?: string | undefined;
    constructor(redis: Redis, run: string, 
    /** A folder every worker and the submitter see at the same path. */
    sharedDir?: string | undefined);
    put(buf: Buffer): Promise<string>;
    get(id: string): Promise<Buffer>;
    delete(ids: readonly string[]): Promise<void>;
    /** Removes the run's folder of blob files (after the run, whatever is left). */
    removeRunFolder(): void;
}
export declare function encodeValue(v: unknown, store: BlobStore): Promise<Enc>;
export declare function decodeValue(e: Enc, store: BlobStore): Promise<unknown>;

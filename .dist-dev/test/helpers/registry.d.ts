export interface FakeVersion {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, {
        optional?: boolean;
    }>;
    engines?: Record<string, string>;
    os?: string[];
    cpu?: string[];
    libc?: string[];
    bin?: Record<string, string> | string;
    scripts?: Record<string, string>;
    deprecated?: string;
    /** Files besides package.json, relative to the package folder. */
    files?: Record<string, string | Buffer>;
    /** A ready tarball (e.g. a malicious one) instead of one built from `files`. */
    tarball?: Buffer;
    /** Serve this integrity instead of the tarball's real one. */
    integrity?: string;
    /** Publish time (ISO); defaults to a fixed date ordered by insertion. */
    time?: string;
}
/** Misbehaviour to inject; counters are per URL path, from the moment the faults are set. */
export interface Faults {
    /** The first `count` requests of every URL are answered with `status` (and Retry-After). */
    failFirst?: {
        count: number;
        status: number;
        retryAfter?: string;
    };
    /** The first `count` requests of every URL get their connection reset before any answer. */
    resetFirst?: number;
    /** The first download of every tarball drops the connection after this many body bytes. */
    cutTarballAfter?: number;
    /** Answer `Range: bytes=N-` on tarballs with 206 (default true). */
    ranges?: boolean;
    /** Send the headers and `after` bytes of every such body, then nothing, ever. */
    stall?: {
        metadata?: boolean;
        tarball?: boolean;
        after?: number;
    };
    /** Answer every packument with this instead (an HTML login page, junk JSON). */
    metadataBody?: {
        contentType: string;
        body: string;
    };
    /** Answer every tarball with this instead (an HTML error page, an empty body). */
    tarballBody?: {
        contentType: string;
        body: string;
    };
}
export interface FakeRegistry {
    url: string;
    /** Paths requested so far, in order. */
    requests: string[];
    add(v: FakeVersion): void;
    /** Answers every request with this status until cleared (undefined). */
    failWith(status: number | undefined): void;
    /** Injects faults (undefined: behave again); per-URL counters restart. */
    faults(f: Faults | undefined): void;
    /** Range headers of tarball requests, in order ('' for none). */
    readonly ranges: string[];
    /** Holds every answer back this many milliseconds (to observe parallel requests). */
    delay(ms: number): void;
    /** Most requests in flight at once so far. */
    readonly maxInFlight: number;
    close(): Promise<void>;
}
export declare function startRegistry(versions?: FakeVersion[]): Promise<FakeRegistry>;

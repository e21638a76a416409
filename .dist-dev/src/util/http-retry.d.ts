import { SsdpError } from './errors.js';
export interface RetryPolicy {
    /** Extra attempts after the first. */
    retries: number;
    /** First wait; doubled each attempt, jittered, capped at maxWaitMs. */
    minWaitMs: number;
    maxWaitMs: number;
    /** A body (or the headers) delivering no byte for this long is stalled. */
    stallMs: number;
}
/**
 * Defaults, overridable for slow links and for tests: SSDP_FETCH_RETRIES (count),
 * SSDP_FETCH_TIMEOUT (seconds without a byte), SSDP_FETCH_RETRY_MIN_MS / _MAX_MS.
 */
export declare function retryPolicy(overrides?: Partial<RetryPolicy>): RetryPolicy;
/** 5xx, 429 (rate limited) and 408 (request timeout) may well succeed on another try. */
export declare const isRetryableStatus: (status: number) => boolean;
/** Longest Retry-After honoured; a server asking for more is treated as failing. */
export declare const MAX_RETRY_AFTER_MS = 60000;
/** Retry-After in ms (delta-seconds or an HTTP date), or undefined when absent/unreadable. */
export declare function retryAfterMs(header: string | null | undefined): number | undefined;
/** Wait before attempt `attempt` (1 = the first retry): the server's wish, else jittered backoff. */
export declare function backoffMs(attempt: number, policy: RetryPolicy, retryAfter?: number): number;
export declare const wait: (ms: number) => Promise<void>;
export type ReadResult = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;
/** Thrown by readChunk when a body stalls; callers turn it into their own coded error. */
export declare class StallError extends Error {
    readonly ms: number;
    constructor(ms: number);
}
export declare const formatSeconds: (ms: number) => string;
/**
 * One read that gives up after stallMs without a chunk. Races the read against a timer rather
 * than relying on aborting the request: an abort does not always reject a pending body read, and
 * a read nobody settles let the process fall out of its event loop (exit 13, nothing printed).
 */
export declare function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>, stallMs: number): Promise<ReadResult>;
/** The reason of a failed fetch as a short phrase: `ECONNRESET`, `other side closed`, ... */
export declare function networkReason(e: unknown): string;
/** The registry (or a proxy) stopped sending bytes, on every try. */
export declare function stalledError(what: string, url: string, policy: RetryPolicy, tries: number, cause?: unknown): SsdpError;
/** Network-level failure (refused, reset, cut off) on every try. */
export declare function unreachableError(what: string, url: string, why: string, tries: number, cause?: unknown): SsdpError;
/** Tries shared by every request of one download or lookup, so resuming cannot loop forever. */
export declare class RetryBudget {
    readonly policy: RetryPolicy;
    readonly what: string;
    readonly url: string;
    tries: number;
    stalls: number;
    constructor(policy: RetryPolicy, what: string, url: string);
    /** Waits before the next try, or throws the final error when the budget is spent. */
    failed(e: unknown, retryAfter?: number): Promise<void>;
}

/** `idleMs` overrides the stall timeout (SSDP_FETCH_TIMEOUT, default 30 s). */
export declare function openTarball(url: string, what: string, idleMs?: number, cacheDir?: string, allowScripts?: string[]): Promise<AsyncIterable<Uint8Array> & {
    contentType?: string;
}>;

import type { ParsedIntegrity } from './integrity.js';
/** Hashes bytes as they stream by; `check()` throws E_INTEGRITY naming the package and both hashes. */
export declare class IntegrityVerifier {
    private readonly expected;
    private readonly what;
    private readonly hash;
    constructor(expected: ParsedIntegrity, what: string);
    update(chunk: Uint8Array): void;
    check(): void;
}

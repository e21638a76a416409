export interface ParsedIntegrity {
    algorithm: 'sha1' | 'sha256' | 'sha384' | 'sha512';
    /** Base64 digest, as written in the SRI string. */
    digest: string;
    /** Lower-case hex digest: the store key. */
    hex: string;
}
/** The strongest supported hash of an SRI string, or an E_INTEGRITY_INVALID error naming the package. */
export declare function parseIntegrity(integrity: string, what: string): ParsedIntegrity;
/** Store key of an integrity string (no validation error: undefined when unusable). */
export declare function integrityKey(integrity: string): string | undefined;

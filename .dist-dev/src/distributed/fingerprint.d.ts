export interface CodeFingerprint {
    /** Hash of ssdp's library files (dist/src). */
    readonly ssdp: string;
    /** Hash of each task module's file, by module URL ('missing' when it cannot be read). */
    readonly modules: Readonly<Record<string, string>>;
}
export declare function fingerprint(moduleUrls: Iterable<string>): CodeFingerprint;
/** Why this machine's code differs from the submitter's, or undefined when it is the same. */
export declare function codeDifference(theirs: CodeFingerprint): string | undefined;

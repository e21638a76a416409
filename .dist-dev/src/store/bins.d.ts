export interface BinSource {
    /** Package name and version, for messages. */
    label: string;
    /** Absolute package folder in the prefix. */
    dir: string;
    bin: Record<string, string>;
}
export declare function normaliseBinName(name: string): string | undefined;
/** Makes a file executable for everyone who may read it (a no-op when it already is). */
export declare function makeExecutable(path: string): void;
/** `reserved`: names already in binDir (node itself when pinned) -> who owns them. */
export declare function linkBins(binDir: string, sources: BinSource[], warn: (m: string) => void, reserved?: Record<string, string>): string[];

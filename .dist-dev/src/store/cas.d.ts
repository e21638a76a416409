export declare const INDEX_FILE = "index.json";
export declare const FILES_DIR = "files";
export interface PackageIndex {
    /** Layout version of this index. */
    v: 1;
    name: string;
    version: string;
    integrity: string;
    /** Folders, parents before children (package-relative). */
    dirs: string[];
    /**
     * [path, mode, size, sha256 hex, mtime ms]: regular files. The hash lets `clean --verify`
     * re-check contents; size and mtime as stored let linking notice a file edited in place
     * (through an env's hardlink, by root) with one stat. Older entries lack the last two.
     */
    files: [string, number, number, string?, number?][];
    /** [path, link text]: symlinks that stay inside the package. */
    symlinks: [string, string][];
    /** Install scripts found in the tarball's package.json (binding.gyp implies `install`). */
    scripts?: {
        preinstall?: string;
        install?: string;
        postinstall?: string;
    };
    /** The tarball's own `bin`, normalised to name -> path. */
    bin?: Record<string, string>;
    /** Sum of file sizes. */
    size: number;
    /** name and version from the tarball's package.json ('' when absent); older entries lack it. */
    manifest?: {
        name: string;
        version: string;
    };
    /** Where the tarball came from, so a damaged entry can be fetched again. */
    resolved?: string;
}
export declare const pkgsDir: (storeDir: string) => string;
export declare const tmpRoot: (storeDir: string) => string;
export declare const pinsDir: (storeDir: string) => string;
export declare const storeLockPath: (storeDir: string) => string;
/** Entry folder for a store key `algo-hex`. */
export declare function entryDir(storeDir: string, key: string): string;
export declare function hasEntry(dir: string): boolean;
export declare function readIndex(dir: string): PackageIndex;
/** A fresh folder to unpack into; its name starts with our pid so gc can tell abandoned ones. */
export declare function makeTempDir(storeDir: string): string;
/** Deletes a temp folder from makeTempDir. */
export declare function dropTempDir(tmp: string): void;
/** Moves a complete temp folder into place; if another process got there first, drops ours. */
export declare function commitEntry(tmp: string, dir: string): void;

export interface TarEntry {
    /** Path inside the archive, e.g. `package/index.js` (written verbatim). */
    name: string;
    type?: 'file' | 'dir' | 'symlink' | 'hardlink';
    content?: string | Buffer;
    linkname?: string;
    mode?: number;
}
/** A gzipped tar of the entries, in order. */
export declare function buildTar(entries: TarEntry[]): Buffer;
/** A package tarball: every file under `package/`, package.json included. */
export declare function buildPackageTarball(manifest: Record<string, unknown>, files?: Record<string, string | Buffer>): Buffer;
export declare function sri(data: Buffer, algo?: 'sha512' | 'sha1'): string;

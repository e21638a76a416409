import type { Manifest, Packument } from './packument.js';
import type { Request } from './types.js';
/**
 * One quick retry: a missing repository or ref fails the same way every time, and pacote's
 * defaults (10x backoff from 1 s) would keep a typo waiting 11 s before saying so.
 */
export declare function pacoteOptions(cacheDir: string, prepare?: boolean): Record<string, unknown>;
/** True for a git spec (`name@` dropped), including the user/repo shorthand. */
export declare function isGitSpec(spec: string): boolean;
export declare function resolveOne(r: Request, cacheDir: string, registry: string, allowScripts?: string[], locked?: Map<string, Manifest>): Promise<{
    request: Request;
    packument: Packument;
}>;
/** Requests with a source replaced by name@version, and the packuments that pin those. */
export declare function resolveSources(requests: Request[], cacheDir: string, registry: string, allowScripts?: string[], locked?: Map<string, Manifest>): Promise<{
    requests: Request[];
    packuments: Map<string, Packument>;
}>;
/** True for a lock `resolved` pacote must pack (a git commit or a folder), not a tarball to download. */
export declare function needsPacking(resolved: string): boolean;
/** The packed tarball of a git commit or folder, as the one chunk of a byte stream. */
export declare function packSource(resolved: string, cacheDir: string, what: string, allowScripts?: string[]): Promise<AsyncIterable<Uint8Array>>;
/**
 * One repository however it is written: github:u/r, u/r, git+https://github.com/u/r.git and
 * pacote's resolved git+ssh://git@github.com/u/r.git all give `github.com/u/r`.
 */
export declare function repoKey(spec: string): string | undefined;
/**
 * Whether a lock's `resolved` is what one of the given source specs names (the requests, or a
 * package's own dependency specs): the same file: path or URL, or the same git repository (the
 * commit after `#` is what pacote resolved the ref to).
 */
export declare function namedBySource(resolved: string, sources: string[]): boolean;
/**
 * The folders a lock's folder packages name with relative file: dependencies (a monorepo
 * sibling, `"b": "file:../b"`), made absolute against each package's own folder as the
 * resolver did, so a lock naming ./a also names the ../b that ./a depends on.
 */
export declare function folderDependencySources(p: {
    resolved: string;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
}): string[];

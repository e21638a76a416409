/**
 * Where an archive entry may land. Tarballs come from strangers: an entry named `../x` or
 * `/etc/x`, or a link that points out of the package, would write or expose files anywhere the
 * user can. These checks are lexical (on the entry names, before anything touches the disk) plus
 * an in-memory walk through the archive's own symlinks, because a chain of individually harmless
 * links (`s -> .`, then `t -> s/..`) can still lead out.
 */
export declare class UnsafeEntryError extends Error {
    readonly entry: string;
    constructor(entry: string, reason: string);
}
/**
 * The path of an entry inside the package folder: the first folder (`package/`, sometimes
 * another name) stripped, `.` segments dropped. '' is the package folder itself. Throws
 * UnsafeEntryError for absolute paths, `..` segments and NUL bytes.
 */
export declare function entryPath(raw: string): string;
/**
 * Lexically resolves `target` relative to the folder holding `from` (both inside the package);
 * returns the package-relative result or undefined when it leaves the package folder.
 */
export declare function resolveRelative(from: string, target: string): string | undefined;
/**
 * Follows `path` through the archive's symlinks (package-relative path -> link text) the way the
 * kernel would, and tells whether it stays inside the package folder.
 */
export declare function staysInside(path: string, symlinks: ReadonlyMap<string, string>): boolean;
/** Parent folders of a package-relative path, outermost first (`a/b/c` -> `a`, `a/b`). */
export declare function parentsOf(path: string): string[];

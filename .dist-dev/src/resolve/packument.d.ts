/**
 * The slice of registry metadata the resolver reads. Registries send far more (readmes, full
 * manifests); keeping only these fields makes the on-disk cache small and fast to parse.
 */
export interface Manifest {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, {
        optional?: boolean;
    }>;
    bundleDependencies?: string[] | boolean;
    bin?: Record<string, string> | string;
    engines?: Record<string, string>;
    os?: string[] | string;
    cpu?: string[] | string;
    libc?: string[] | string;
    hasInstallScript?: boolean;
    deprecated?: string | boolean;
    dist: {
        tarball: string;
        integrity?: string;
        shasum?: string;
    };
    /** Set only by pacote's resolution of a file: folder spec (never from a registry): that folder. */
    folder?: string;
}
export interface Packument {
    name: string;
    'dist-tags': Record<string, string>;
    versions: Record<string, Manifest>;
    /** version -> ISO publish time; only in full packuments (needed for `before`). */
    time?: Record<string, string>;
    /** `versions` keys are in descending semver order (valid ones first), so no sort is needed. */
    sortedDesc?: boolean;
}
/** Reduces a registry document (abbreviated or full) to what resolution needs. */
export declare function slimPackument(doc: Record<string, unknown>): Packument;
/** The cache's form: each version's manifest kept as a JSON string, parsed only when read. */
export interface StoredPackument extends Omit<Packument, 'versions'> {
    versions: Record<string, string>;
}
export declare function toStored(p: Packument): StoredPackument;
/**
 * A packument whose manifests are parsed on first access. A warm resolve of ~100 packages reads
 * a few MB of cached metadata (typescript alone has 3,000+ versions) but looks at a handful of
 * versions per name; parsing strings lazily saves most of the parse and GC time.
 */
export declare function fromStored(stored: StoredPackument, name: string): Packument;

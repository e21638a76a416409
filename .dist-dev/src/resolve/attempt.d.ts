import { SsdpError } from '../util/errors.js';
import { type CandidateRules } from './candidates.js';
import { type TreeNode } from './hoist.js';
import type { Manifest, Packument } from './packument.js';
import { type Platform } from './platform.js';
import type { Request } from './types.js';
export declare const satisfies: (v: string, range: string) => boolean;
/** Thrown inside an attempt to start over with more knowledge. */
export declare class Restart {
    readonly why: 'excluded' | 'missing';
    constructor(why: 'excluded' | 'missing');
}
type Pick = {
    ok: Manifest;
} | {
    missing: true;
} | {
    fail: string;
    error?: SsdpError;
    kind: 'unavailable' | 'nomatch' | 'unfit';
};
/**
 * A manifest's dependencies in a fixed order. `name` is the folder it is required by; `pkg` the
 * registry package, which differs for npm: aliases (`"string-width-cjs": "npm:string-width@^4"`).
 */
export declare function dependenciesOf(m: Manifest): Array<{
    name: string;
    pkg: string;
    range: string;
    optional: boolean;
}>;
/**
 * A dependency on a git repository or tarball URL (`"x": "github:u/x#v1"`), which pacote
 * resolves like a top-level source spec. A file: path or link: in a package's dependencies
 * names a place on its author's disk and is refused, unless that package is itself a folder on
 * this disk (see localRange).
 */
export declare function isSourceRange(range: string): boolean;
/**
 * A file: dependency of a package that is itself a folder here (a monorepo sibling,
 * `"b": "file:../b"` in ./a/package.json) names a folder relative to that package's own folder,
 * as npm resolves it: the absolute `file:` spec, or undefined when the range is no path or
 * the package came from elsewhere (then it points into its author's disk).
 */
export declare function localRange(m: Manifest, range: string): string | undefined;
export interface SolverState {
    packuments: Map<string, Packument>;
    /** Manifests of dependency source specs pacote resolved, by `name@spec`. */
    sources: Map<string, Manifest>;
    unavailable: Map<string, SsdpError>;
    excluded: Map<string, string>;
    rules: CandidateRules;
    platform: Platform;
}
export declare class Attempt {
    private readonly s;
    readonly root: TreeNode;
    private readonly queue;
    private readonly edges;
    readonly missing: Set<string>;
    /** Dependency source specs to resolve through pacote: `name@spec` -> who asked. */
    readonly missingSources: Map<string, {
        name: string;
        spec: string;
        from: string;
    }>;
    private readonly candidateMemo;
    constructor(s: SolverState);
    private candidates;
    /** Why a candidate placed at `level` cannot be used now, if it cannot. */
    private unusable;
    /** The first peer of `m` that the copy found from `level` does not satisfy. */
    private peerBlocker;
    /**
     * Every candidate was blocked by a peer already in place: if that peer's own request allows a
     * version the best candidate accepts, exclude the peer's version and retry (conda would also
     * move the peer rather than give up).
     */
    private movePeerBack;
    /** `local`: a file: range already made absolute against its dependent's folder (localRange). */
    pick(name: string, range: string, level: TreeNode, from?: string, local?: boolean): Pick;
    private whyNone;
    private exclude;
    private link;
    /** Places the top-level requests, then the whole tree breadth-first (deterministic order). */
    run(requests: Request[]): void;
    private process;
    /**
     * A peer found next to `node` does not fit its range. Prefer an older `node` whose peer range
     * accepts what is there; else an older copy of the peer that fits both; else give up on `node`.
     */
    private peerConflict;
}
export declare class TopLevelFailure {
    readonly request: Request;
    readonly pick: {
        fail: string;
        error?: SsdpError;
        kind: string;
    };
    constructor(request: Request, pick: {
        fail: string;
        error?: SsdpError;
        kind: string;
    });
}
/** Fetches the likely tree (best version per range) in parallel, ahead of the attempts. */
/** Platform packages are named for their platform (`@esbuild/darwin-arm64`); skip obvious misses early. */
export declare function platformMismatchByName(name: string, p: Platform): boolean;
export {};

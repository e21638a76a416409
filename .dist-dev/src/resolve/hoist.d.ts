/**
 * The install tree and where a package goes in it. Node finds `require('b')` from `a` by looking
 * in a/node_modules, then each folder above; so a package is placed as high as it can go (one
 * hoisted copy per name at the top) and only nested where a different version already sits above
 * and the ranges really conflict. Placing a copy must never change what an already-resolved
 * dependent finds ("shadowing"), so every resolved edge is remembered and checked.
 */
import type { Manifest } from './packument.js';
export interface TreeNode {
    name: string;
    version: string;
    /** null for the root (the env itself; its children are PREFIX/lib/node_modules). */
    manifest: Manifest | null;
    parent: TreeNode | null;
    children: Map<string, TreeNode>;
    /** Install path below lib/node_modules: `a` or `a/node_modules/b`. */
    path: string;
    /** The edge that first put it here, for explanations. */
    via?: {
        from: TreeNode;
        range: string;
        kind: 'dependency' | 'optional' | 'peer' | 'request';
    };
    /** Outgoing resolved edges (for the optional-only marking). */
    out: Array<{
        to: TreeNode;
        optional: boolean;
    }>;
    requested?: boolean;
}
export interface Edge {
    /** The folder the lookup starts in: the dependent for dependencies, its parent for peers. */
    fromLevel: TreeNode;
    to: TreeNode;
}
export declare function createRoot(): TreeNode;
/** `folder` differs from the package name only for npm: aliases (`"b": "npm:real@^1"`). */
export declare function addChild(level: TreeNode, manifest: Manifest, via: TreeNode['via'], folder?: string): TreeNode;
/** What Node's resolution finds for `name` starting at `level`'s node_modules. */
export declare function lookup(level: TreeNode, name: string): TreeNode | undefined;
export declare class EdgeIndex {
    private byName;
    add(name: string, edge: Edge): void;
    /** Would a new `name` in `level` hide the copy some dependent below it already resolved to? */
    shadows(level: TreeNode, name: string): boolean;
}
export type Placement = {
    reuse: TreeNode;
} | {
    level: TreeNode;
};
/**
 * Where a dependency `name` (wanted by a lookup starting at `start`) goes: an existing copy Node
 * would find, if it fits; else the highest folder below any conflicting copy that shadows nobody.
 */
export declare function place(start: TreeNode, name: string, fits: (node: TreeNode) => boolean, edges: EdgeIndex): Placement;

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
  via?: { from: TreeNode; range: string; kind: 'dependency' | 'optional' | 'peer' | 'request' };
  /** Outgoing resolved edges (for the optional-only marking). */
  out: Array<{ to: TreeNode; optional: boolean }>;
  requested?: boolean;
}

export interface Edge {
  /** The folder the lookup starts in: the dependent for dependencies, its parent for peers. */
  fromLevel: TreeNode;
  to: TreeNode;
}

export function createRoot(): TreeNode {
  return { name: '', version: '', manifest: null, parent: null, children: new Map(), path: '', out: [] };
}

/** `folder` differs from the package name only for npm: aliases (`"b": "npm:real@^1"`). */
export function addChild(level: TreeNode, manifest: Manifest, via: TreeNode['via'], folder: string = manifest.name): TreeNode {
  const node: TreeNode = {
    name: folder,
    version: manifest.version,
    manifest,
    parent: level,
    children: new Map(),
    path: level.parent === null ? folder : `${level.path}/node_modules/${folder}`,
    via,
    out: [],
  };
  level.children.set(folder, node);
  return node;
}

/** What Node's resolution finds for `name` starting at `level`'s node_modules. */
export function lookup(level: TreeNode, name: string): TreeNode | undefined {
  for (let l: TreeNode | null = level; l; l = l.parent) {
    const found = l.children.get(name);
    if (found) return found;
  }
  return undefined;
}

function isAncestorOrSelf(a: TreeNode, b: TreeNode): boolean {
  for (let n: TreeNode | null = b; n; n = n.parent) if (n === a) return true;
  return false;
}

export class EdgeIndex {
  private byName = new Map<string, Edge[]>();

  add(name: string, edge: Edge): void {
    const list = this.byName.get(name);
    if (list) list.push(edge);
    else this.byName.set(name, [edge]);
  }

  /** Would a new `name` in `level` hide the copy some dependent below it already resolved to? */
  shadows(level: TreeNode, name: string): boolean {
    for (const e of this.byName.get(name) ?? []) {
      if (isAncestorOrSelf(level, e.fromLevel) && e.to.parent !== level && isAncestorOrSelf(e.to.parent!, level)) return true;
    }
    return false;
  }
}

export type Placement = { reuse: TreeNode } | { level: TreeNode };

/**
 * Where a dependency `name` (wanted by a lookup starting at `start`) goes: an existing copy Node
 * would find, if it fits; else the highest folder below any conflicting copy that shadows nobody.
 */
export function place(start: TreeNode, name: string, fits: (node: TreeNode) => boolean, edges: EdgeIndex): Placement {
  const levels: TreeNode[] = [];
  for (let l: TreeNode | null = start; l; l = l.parent) {
    const existing = l.children.get(name);
    if (existing) {
      if (fits(existing)) return { reuse: existing };
      break;
    }
    levels.push(l);
  }
  for (let i = levels.length - 1; i > 0; i--) if (!edges.shadows(levels[i]!, name)) return { level: levels[i]! };
  return { level: levels[0] ?? start };
}

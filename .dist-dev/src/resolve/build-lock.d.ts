/**
 * Turns the final tree into a Lockfile: marks what only optional edges reach, reports engines and
 * platform mismatches once per package, and records what fetch/link need (tarball, integrity,
 * bins, install scripts), sorted by path.
 */
import type { SolverState } from './attempt.js';
import type { TreeNode } from './hoist.js';
import type { LockedNode, Lockfile, Request, ResolveOptions } from './types.js';
export declare function buildLock(root: TreeNode, requests: Request[], opts: ResolveOptions, s: SolverState, node: LockedNode | undefined): Lockfile;

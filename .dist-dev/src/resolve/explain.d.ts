/**
 * Words for failures: the chain of requirements behind a conflict, and "did you mean" names for
 * a package the registry does not know. Kept apart so the resolver stays about choosing versions.
 */
import type { TreeNode } from './hoist.js';
import { editDistance } from '../util/edit-distance.js';
/** `requested app@^1 -> app@1.0.0 requires mid@^1 -> mid@1.2.0` */
export declare function chainOf(node: TreeNode): string;
export { editDistance };
/** Near names from cached metadata, names seen in this resolve and (best effort) registry search. */
export declare function suggestNames(name: string, opts: {
    cacheDir: string;
    registry: string;
    known?: Iterable<string>;
    offline?: boolean;
}): Promise<string[]>;

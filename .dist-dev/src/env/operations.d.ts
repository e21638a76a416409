import type { Lockfile } from '../resolve/types.js';
import type { Reporter } from '../util/reporter.js';
import { type EnvState } from './prefix.js';
import { type EnvTarget, type TargetArgs } from './target.js';
import { type Revision, type RevisionDiff } from './revisions.js';
import type { ChangePlan } from './change-plan.js';
export interface CommonOptions {
    root: string;
    reporter: Reporter;
    offline?: boolean;
    /** The command line, recorded in the revision history. */
    command: string;
    /** Resolve and report what would change; touch no env (metadata may be cached). */
    dryRun?: boolean;
}
type State = Omit<EnvState, 'revision'>;
export declare function resolveRequests(root: string, requested: string[], state: Pick<State, 'channels' | 'allowScripts'> & {
    before?: string;
}, o: CommonOptions & {
    refresh?: boolean;
    keep?: {
        lock: Lockfile;
        requested: string[];
    };
}): Promise<Lockfile>;
export interface Plan {
    prefix: string;
    /** create --force over an existing env: what it had, what goes and changes, and the user's files that stay. */
    replaces?: {
        name: string;
        diff: RevisionDiff;
        damaged: boolean;
        userFiles: string[];
        moreUserFiles: boolean;
    };
    node?: string;
    packages: Array<{
        name: string;
        version: string;
        path: string;
        inStore: boolean;
        size?: number;
    }>;
    /** Packages that would be downloaded (not yet in the store). */
    toFetch: number;
}
/** What a create would install; sizes are known for packages already in the store. */
export declare function planOf(t: EnvTarget, lock: Lockfile): Promise<Plan>;
export declare function formatPlan(p: Plan): string;
export interface CreateOptions extends CommonOptions, TargetArgs {
    file?: string;
    packages?: string[];
    force?: boolean;
    allowScripts?: string[];
    before?: Date;
}
export type CreateResult = {
    kind: 'plan';
    plan: Plan;
} | {
    kind: 'created';
    target: EnvTarget;
    revision: Revision;
};
export declare function createEnv(o: CreateOptions): Promise<CreateResult>;
/**
 * Where create may build, and what --force may replace: only an existing env (a folder holding
 * ssdp-meta, even a damaged one). Any other non-empty folder is refused every time, named with
 * a few of its entries, and so is any folder that is or contains the root, the store, $HOME or
 * `/`, or lies inside the store: --force exists to replace an env, never to delete user data.
 */
export declare function checkCreateTarget(t: EnvTarget, force: boolean): void;
export declare function installPackages(o: CommonOptions & TargetArgs & {
    packages: string[];
    before?: Date;
    allowScripts?: string[];
}): Promise<Revision | ChangePlan | undefined>;
export declare function removePackages(o: CommonOptions & TargetArgs & {
    packages: string[];
}): Promise<Revision | ChangePlan | undefined>;
export declare function updatePackages(o: CommonOptions & TargetArgs & {
    packages: string[];
    all?: boolean;
}): Promise<Revision | ChangePlan | undefined>;
export declare function updateFromSpec(o: CommonOptions & TargetArgs & {
    file: string;
    prune?: boolean;
}): Promise<Revision | ChangePlan | undefined>;
export declare function rollback(o: CommonOptions & TargetArgs & {
    revision: number;
}): Promise<Revision | ChangePlan | undefined>;
export { planRemoveEnv, formatRemovePlan, removeEnv, formatRemoved, type RemovePlan, type Removed } from './remove-env.js';

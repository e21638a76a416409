import type { Reporter } from '../util/reporter.js';
import { type EnvTarget, type TargetArgs } from './target.js';
/** ROOT/envs/NAME as a symlink: where it points (absolute), and whether that is there. */
export interface EnvLink {
    name: string;
    path: string;
    to: string;
    /** The target exists and is an env (possibly damaged). */
    isEnv: boolean;
    dangling: boolean;
}
export type RemovePlan = {
    kind: 'link';
    link: EnvLink;
} | {
    kind: 'env';
    target: EnvTarget;
    /** A few of the user's own files in it (a real remove deletes them too). */
    userFiles: string[];
    moreUserFiles: boolean;
    /** ROOT/envs links pointing at the env: removed with it. */
    links: string[];
    /** Why a real remove would stop (a volume mounted inside the env): reported, not thrown. */
    blocked?: string;
};
export type Removed = {
    kind: 'link';
    link: EnvLink;
} | {
    kind: 'env';
    target: EnvTarget;
    links: string[];
};
/** What `env remove` would do, refusing what a real remove refuses except a mount, which is reported (`--dry-run`). */
export declare function planRemoveEnv(root: string, args: TargetArgs): RemovePlan;
export declare function formatRemovePlan(p: RemovePlan): string;
export declare function formatRemoved(r: Removed): string;
export declare function removeEnv(o: {
    root: string;
    reporter: Reporter;
} & TargetArgs): Promise<Removed>;

/**
 * The plan a `--dry-run` of install, remove, update or rollback reports. Kept apart from the
 * operations so the CLI prints it without importing the env library eagerly.
 */
import type { Revision, RevisionDiff } from './revisions.js';
/** What a change would do to an env (`--dry-run` of install, remove, update, rollback). */
export interface ChangePlan {
    kind: 'plan';
    prefix: string;
    /** True when the env does not exist yet and the change would create it (env update -f). */
    creates: boolean;
    diff: RevisionDiff;
}
export declare function isChangePlan(r: Revision | ChangePlan | undefined): r is ChangePlan;
export declare function formatChangePlan(p: ChangePlan): string;

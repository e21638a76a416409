/**
 * Environments: spec files, prefixes, atomic changes with revisions, export, `ssdp run`.
 * The table of contents of src/env; commands in src/cli call these.
 */
export * from './prefix.js';
export { parseSpecText, readSpecFile, parseBefore, type EnvSpec, type SpecInput } from './spec.js';
export { resolveTarget, requireEnv, listEnvs, formatEnvList, checkEnvName, type EnvTarget, type EnvListing, type TargetArgs } from './target.js';
export { createEnv, installPackages, removePackages, updatePackages, updateFromSpec, rollback, formatPlan, type Plan, type CreateOptions, type CreateResult } from './operations.js';
// Straight from its module: operations.js, which every env create loads, does not load it.
export { removeEnv, planRemoveEnv, formatRemovePlan, formatRemoved, type RemovePlan, type Removed } from './remove-env.js';
export { readRevisions, readRevision, formatRevision, diffLocks, type Revision, type RevisionDiff } from './revisions.js';
export { readCurrentLock, requireCurrentLock } from './current.js';
export { exportEnv, type ExportMode } from './export.js';
export { packageRows, formatPackageRows, type PackageRow } from './packages-list.js';
export { cleanRoot, integritiesInUse, verifyRoot } from './clean.js';
export { envProcessEnv, runInEnv } from './run-command.js';
export { deadRemovals, recoverPrefix } from './swap.js';
export { pruneLock } from './prune.js';
export { formatChangePlan, isChangePlan, type ChangePlan } from './change-plan.js';

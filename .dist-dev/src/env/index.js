/**
 * Environments: spec files, prefixes, atomic changes with revisions, export, `ssdp run`.
 * The table of contents of src/env; commands in src/cli call these.
 */
export * from './prefix.js';
export { parseSpecText, readSpecFile, parseBefore } from './spec.js';
export { resolveTarget, requireEnv, listEnvs, formatEnvList, checkEnvName } from './target.js';
export { createEnv, installPackages, removePackages, updatePackages, updateFromSpec, rollback, removeEnv, planRemoveEnv, formatRemovePlan, formatRemoved, formatPlan } from './operations.js';
export { readRevisions, readRevision, formatRevision, diffLocks } from './revisions.js';
export { readCurrentLock, requireCurrentLock } from './current.js';
export { exportEnv } from './export.js';
export { packageRows, formatPackageRows } from './packages-list.js';
export { cleanRoot, integritiesInUse, verifyRoot } from './clean.js';
export { envProcessEnv, runInEnv } from './run-command.js';
export { recoverPrefix } from './swap.js';
export { pruneLock } from './prune.js';
export { formatChangePlan, isChangePlan } from './change-plan.js';
//# sourceMappingURL=index.js.map
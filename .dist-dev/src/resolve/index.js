export { parseRequest, isValidPackageName, absoluteSource, isSourceSpec } from './spec.js';
export { namedBySource, repoKey } from './sources.js';
export { resolve, resolveFromCacheOnly } from './resolver.js';
export { serializeLock, parseLockfile, readLockfile, writeLockfile, integrityOf, normaliseBin } from './lockfile.js';
export { registryFromNpmConfig, channelToRegistry, npmRegistryConfig, registryForName, DEFAULT_REGISTRY } from './registry-config.js';
export { createPackumentClient, metadataTtlMs, packumentUrl } from './packument-client.js';
export { currentPlatform, detectLibc, platformMismatch } from './platform.js';
export { nodePlatformPackage, resolveNode } from './node-runtime.js';
export { suggestNames, editDistance } from './explain.js';
export { verifyLockTree } from './verify.js';
//# sourceMappingURL=index.js.map
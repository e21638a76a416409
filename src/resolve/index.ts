/**
 * The resolve stage: requests (conda or npm specs) + registry metadata -> a lockfile.
 * Table of contents only; see each module for why it exists.
 */
export type { Request, LockedPackage, LockedNode, Lockfile, ResolveOptions } from './types.js';
export { parseRequest, isValidPackageName, absoluteSource, isSourceSpec } from './spec.js';
export { folderDependencySources, isGitSpec, localSourcePath, namedBySource, repoKey } from './sources.js';
export { resolve, resolveFromCacheOnly, type ResolveExtras } from './resolver.js';
export { serializeLock, parseLockfile, readLockfile, writeLockfile, integrityOf, normaliseBin } from './lockfile.js';
export { registryFromNpmConfig, channelToRegistry, npmRegistryConfig, registryForName, DEFAULT_REGISTRY, type NpmRegistryConfig } from './registry-config.js';
export { createPackumentClient, metadataTtlMs, packumentUrl, type PackumentClient, type PackumentClientOptions } from './packument-client.js';
export type { Packument, Manifest } from './packument.js';
export { currentPlatform, detectLibc, platformMismatch, type Platform } from './platform.js';
export { nodePlatformPackage, resolveNode } from './node-runtime.js';
export { suggestNames, editDistance } from './explain.js';
export { verifyLockTree } from './verify.js';

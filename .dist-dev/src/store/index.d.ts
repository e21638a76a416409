/**
 * The package store: tarballs fetched once into a content-addressed folder (verified, unpacked
 * once, read-only), envs linked from it. See cas.ts for the layout and its safety rules.
 */
export { createStore } from './store.js';
export { storeUsage, cleanStore, type StoreUsage, type StoreEntryInfo, type CleanResult } from './gc.js';
export { integrityKey } from './integrity.js';
export { verifyStore, type VerifyResult } from './verify-store.js';
export type { ImportMethod } from './link.js';
export type { Store, StoreOptions, LinkOptions } from './types.js';

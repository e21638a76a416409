/**
 * The package store: tarballs fetched once into a content-addressed folder (verified, unpacked
 * once, read-only), envs linked from it. See cas.ts for the layout and its safety rules.
 */
export { createStore } from './store.js';
export { storeUsage, cleanStore } from './gc.js';
export { integrityKey } from './integrity.js';
export { verifyStore } from './verify-store.js';
//# sourceMappingURL=index.js.map
import type { Store, StoreOptions } from './types.js';
export declare function createStore(opts: StoreOptions): Store;

import type { Executor } from './executor.js';
export declare const INLINE: Executor;

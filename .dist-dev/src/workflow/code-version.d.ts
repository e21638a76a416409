import type { TaskSpec } from './types.js';
export declare function codeVersion(task: TaskSpec, root: string): string;

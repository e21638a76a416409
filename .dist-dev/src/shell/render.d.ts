/**
 * A ShellChange as code for one shell. The core change (PATH, variables, prompt) is a short run
 * of builtins with every value pre-computed and quoted, so it completes in microseconds:
 * deactivate.d scripts run before it (the old env is still whole while they run) and activate.d
 * scripts after it (the new env is already whole), and an interrupt in a user script never leaves
 * PATH and the prompt disagreeing.
 */
import { type ShellName } from './dialects.js';
import type { ShellChange } from './plan.js';
export declare const FISH_PROMPT_VAR = "_SSDP_PROMPT_MODIFIER";
export declare function renderChange(change: ShellChange, shell: ShellName): string;

/**
 * Where each parameter's value comes from, first match wins: `--param KEY=VALUE`, then the
 * environment (the variable the param declares with `env:`, then `SSDP_PARAM_<KEY>`), then the
 * file's default. The environment sits between the two so a site or CI job can point a whole
 * project somewhere else (a mirror, a scratch disk) without editing ssdp.yaml, while the command
 * line still has the last word.
 */
import type { WorkflowSpec } from './types.js';
export type ParamSource = 'param' | 'env' | 'default';
export interface ResolvedParams {
    values: Record<string, string>;
    /** For every value not taken from the file: where it came from (`--param`, or the variable's name). */
    from: Record<string, string>;
}
/** `on-missing` -> `SSDP_PARAM_ON_MISSING`. */
export declare function paramEnvName(name: string): string;
export declare function envNamesOf(spec: WorkflowSpec, name: string): string[];
/**
 * Params that --param or the environment set (only those: the plan adds the file's defaults).
 * Unknown --param keys are left in for the plan to refuse with the list of known ones.
 */
export declare function resolveParams(spec: WorkflowSpec, cli: Record<string, string>, env?: NodeJS.ProcessEnv): ResolvedParams;

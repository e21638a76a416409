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
export function paramEnvName(name: string): string {
  return `SSDP_PARAM_${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}

export function envNamesOf(spec: WorkflowSpec, name: string): string[] {
  return [spec.paramEnv[name], paramEnvName(name)].filter((v): v is string => !!v);
}

/**
 * Params that --param or the environment set (only those: the plan adds the file's defaults).
 * Unknown --param keys are left in for the plan to refuse with the list of known ones.
 */
export function resolveParams(spec: WorkflowSpec, cli: Record<string, string>, env: NodeJS.ProcessEnv = process.env): ResolvedParams {
  const values: Record<string, string> = {};
  const from: Record<string, string> = {};
  for (const name of Object.keys(spec.params)) {
    const v = envNamesOf(spec, name).find((n) => env[n] !== undefined && env[n] !== '');
    if (v) {
      values[name] = env[v]!;
      from[name] = `$${v}`;
    }
  }
  for (const [k, v] of Object.entries(cli)) {
    values[k] = v;
    from[k] = '--param';
  }
  return { values, from };
}

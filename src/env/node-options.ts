/**
 * The NODE_OPTIONS an env's processes get: the user's own, plus `--require=<esm-hook.cjs>` so that
 * `import` finds the env's packages (esm-hook.cts). Shared by `ssdp run` and shell activation, so
 * it imports none of ssdp's modules: activation's fast path loads it.
 */
import { existsSync } from 'node:fs';

/** npm's `prefix` setting as a variable: the env is npm's global folder (see envProcessEnv). */
export const NPM_PREFIX_VAR = 'npm_config_prefix';

/**
 * The build's copy under dist/node_modules/ (scripts/bundle-cli.mjs), which Node's test coverage
 * leaves out as it does every node_modules file (tester s16 try13t T5: `node --test
 * --experimental-test-coverage` in an env listed ssdp's hook as the user's code, failed thresholds,
 * and on Node 20 reported nothing); dist/src's own when there is none (an installed ssdp is under
 * node_modules itself).
 */
export const HOOK_FILE = ((copy: string) => (existsSync(copy) ? copy : decodeURIComponent(new URL('./esm-hook.cjs', import.meta.url).pathname)))(
  decodeURIComponent(new URL('../../node_modules/.ssdp-env-hook/esm-hook.cjs', import.meta.url).pathname),
);

/**
 * The option that loads the hook. A --require preload, not --import: any --import makes Node run
 * the main script through the ESM loader, which breaks `node -r ts-node/register x.ts`-style
 * require hooks (esm-hook.cts). --require takes a path, so a path with a space, quote or
 * backslash is written in NODE_OPTIONS' double quotes (Node unquotes it).
 */
export const ESM_HOOK_OPTION = /[\s"'\\]/.test(HOOK_FILE) ? `--require="${HOOK_FILE.replace(/["\\]/g, '\\$&')}"` : `--require=${HOOK_FILE}`;

/**
 * Whether a Node.js version has module hooks (module.register: 18.19+, 20.6+; 20.0-20.5 started
 * with the --import hook as well and only lack `import` of env packages): an older one gets
 * NODE_PATH only. An env without a pinned node runs the machine's, which runs ssdp (engines: >=20.19).
 */
export function nodeTakesImport(version: string | undefined): boolean {
  if (version === undefined) return true;
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major >= 20 || (major === 18 && minor >= 19) || major === 19;
}

/** Whether `current` holds `option` as a whole option (not a prefix of a longer path). */
function holds(current: string, option: string): boolean {
  return ` ${current} `.replace(/\s/g, ' ').includes(` ${option} `);
}

/** `current` with the hook option added in front, or as it was when it already has it. */
export function withEsmHook(current: string | undefined): string {
  if (!current) return ESM_HOOK_OPTION;
  if (holds(current, ESM_HOOK_OPTION)) return current;
  return `${ESM_HOOK_OPTION} ${current}`;
}

/**
 * `current` without the hook option: an env whose node has no module hooks does not inherit it
 * from an activated env around it.
 */
export function withoutEsmHook(current: string | undefined): string | undefined {
  if (!current || !holds(current, ESM_HOOK_OPTION)) return current;
  const escaped = ESM_HOOK_OPTION.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const rest = current.replace(new RegExp(`(^|\\s)${escaped}(?=\\s|$)`, 'g'), '').trim();
  return rest || undefined;
}

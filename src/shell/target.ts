/**
 * Finds the env `ssdp activate NAME|PATH` means and checks that it can be activated: the
 * prefix holds a readable env.json whose variables can be exported. Reads only what activation
 * needs (src/env/prefix.ts is kept light for this path).
 */
import { basename, dirname, join, resolve } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { expandHome } from '../util/home-path.js';
import { isTextName, rawNames, shownName } from '../util/raw-names.js';
import { isValidEnvName, leftoverStem, mayHoldOldWrappers, prefixLayout, readEnvState, resolveRoot, rootLayout } from '../env/prefix.js';
import { ESM_HOOK_OPTION, NPM_PREFIX_VAR, nodeTakesImport } from '../env/node-options.js';
import { managedVariable, managedVariableHint, managedVariableMessage } from '../env/managed-variables.js';
import { SCRIPT_EXTENSIONS, shellWord, type ShellName } from './dialects.js';
import type { ActivationTarget } from './plan.js';
// fs through getBuiltinModule, not an ESM import, for the start-up cost (see src/env/prefix.ts).
const { lstatSync, readdirSync, readlinkSync, realpathSync, statSync } = process.getBuiltinModule('node:fs');

/** How the user named the env: a word is a name under the root, anything with a slash a path. */
export interface EnvRef {
  name?: string;
  prefix?: string;
  root?: string;
}

export function refFromWord(word: string): EnvRef {
  return word.includes('/') || word === '.' || word === '..' ? { prefix: word } : { name: word };
}

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The trash folder (.NAME.ssdp-trash-HEX, see src/env/swap.ts) an interrupted swap left for `prefix`, if any. */
function leftBetweenRenames(prefix: string): string | undefined {
  try {
    const start = `.${leftoverStem(basename(prefix))}.ssdp-trash-`;
    const name = readdirSync(dirname(prefix)).find((n) => n.startsWith(start) && /^[0-9a-f]+$/.test(n.slice(start.length)));
    return name === undefined ? undefined : join(dirname(prefix), name);
  } catch {
    return undefined;
  }
}

/**
 * For an env `ref` names that a killed change left between its two renames (also through a
 * symlinked -p or ROOT/envs/NAME whose target is the missing env): the prefix and root every
 * other command would repair it under (the same strings, so the same env lock); else undefined.
 */
export function leftMidSwap(ref: EnvRef): { prefix: string; root: string } | undefined {
  const root = resolveRoot(ref.root);
  let p = ref.prefix !== undefined ? expandHome(ref.prefix) : join(rootLayout(root).envs, ref.name ?? '');
  let linked = false;
  try {
    for (let hops = 0; hops < 40 && lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink(); hops++, linked = true) p = resolve(dirname(p), readlinkSync(p));
    // As env/target.ts resolveTarget: a named env's own path as it is, a -p or linked one with its folder's real path.
    if (ref.prefix !== undefined || linked) p = join(realpathSync(dirname(p)), basename(p));
  } catch {
    return undefined;
  }
  return leftBetweenRenames(p) ? { prefix: p, root } : undefined;
}

export function locateEnv(ref: EnvRef, shell: ShellName): ActivationTarget {
  let prefix: string;
  let described: string;
  if (ref.prefix !== undefined) {
    // '~/x' quoted (a script, fish, -p "$P") as every other command takes it (try8i I1).
    prefix = expandHome(ref.prefix);
    described = `at ${prefix}`;
  } else {
    const name = ref.name ?? '';
    if (!isValidEnvName(name)) {
      throw new SsdpError('E_BAD_ENV_NAME', `'${name}' is not a valid env name.`, {
        hint: 'Use letters, digits, _, - and . (not starting with . or -); for a prefix, give a path containing a slash (./env).',
      });
    }
    prefix = join(rootLayout(resolveRoot(ref.root)).envs, name);
    described = `named '${name}' (looked in ${prefix})`;
  }
  try {
    prefix = realpathSync(prefix);
  } catch {
    // A change killed between its two renames leaves the env whole as .NAME.ssdp-trash-HEX:
    // activate repairs it (commands.ts) and comes here again; this is said when it could not
    // (another ssdp holds the env's lock, a read-only root).
    const trash = leftBetweenRenames(prefix);
    if (trash) {
      throw new SsdpError('E_ENV_NOT_FOUND', `the env ${described} was left between the two renames of a change by an ssdp process that was killed; it is whole in ${trash}.`, {
        hint: `Run ssdp list ${ref.prefix !== undefined ? `-p ${shellWord(prefix)}` : `-n ${ref.name}`} once (it finishes that change), then activate again. Nothing in this shell was changed.`,
      });
    }
    throw new SsdpError('E_ENV_NOT_FOUND', `there is no env ${described}.`, {
      hint: 'See: ssdp env list; create one with ssdp env create. Nothing in this shell was changed.',
    });
  }
  const stateFile = prefixLayout(prefix).stateFile;
  let raw: unknown;
  try {
    raw = readEnvState(prefix);
  } catch (e) {
    // readEnvState already names the file and the damage; only the hint is activation's own.
    if (e instanceof SsdpError) throw new SsdpError(e.code, e.message, { hint: CORRUPT_HINT });
    throw corrupt(stateFile, `it is not valid JSON (${(e as Error).message})`);
  }
  if (raw === undefined) {
    throw new SsdpError('E_ENV_NOT_FOUND', `${prefix} is not an ssdp env: it has no ${stateFile.slice(prefix.length + 1)}.`, {
      hint: 'Give the prefix of an env made by ssdp env create (see ssdp env list). Nothing in this shell was changed.',
    });
  }
  if (prefix.includes(':')) {
    throw new SsdpError('E_SHELL_PREFIX_COLON', `the env prefix ${prefix} contains ':', so its bin folder cannot be put on PATH.`, {
      hint: 'Move or recreate the env at a path without a colon.',
    });
  }
  const state = raw as { name?: unknown; variables?: unknown; node?: unknown; wrappers?: unknown };
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw corrupt(stateFile, 'it is not a JSON object');
  if (typeof state.name !== 'string' || state.name === '') throw corrupt(stateFile, '"name" is missing or not a string');
  const variables: Record<string, string> = {};
  if (state.variables !== undefined) {
    if (typeof state.variables !== 'object' || state.variables === null || Array.isArray(state.variables)) {
      throw corrupt(stateFile, '"variables" is not an object of strings');
    }
    for (const [k, v] of Object.entries(state.variables)) {
      if (!VAR_NAME.test(k)) throw corrupt(stateFile, `variable name '${k}' is not a shell variable name`);
      if (typeof v !== 'string' || v.includes('\0')) throw corrupt(stateFile, `the value of variable ${k} ${typeof v === 'string' ? 'holds a NUL byte, which no environment variable can hold' : 'is not a string'}`);
      // Activation keeps an env.json's NODE_PATH behind the env's own packages (an older ssdp let
      // specs set it), and sets no SSDP_ENV_NAME (only ssdp run does).
      const managed = k === 'NODE_PATH' || k === 'SSDP_ENV_NAME' ? undefined : managedVariable(k);
      if (managed) {
        throw new SsdpError('E_SHELL_RESERVED_VARIABLE', managedVariableMessage(stateFile, k, managed), {
          hint: `${managedVariableHint(k, managed)} Nothing in this shell was changed.`,
        });
      }
      variables[k] = v;
    }
  }
  // npm's global prefix is the env (npx TOOL runs the env's TOOL); variables may not set it (managed-variables).
  variables[NPM_PREFIX_VAR] = prefix;
  const layout = prefixLayout(prefix);
  const prepend = [{ name: 'NODE_PATH', entry: layout.nodeModules, sep: ':' }];
  const hook = { name: 'NODE_OPTIONS', entry: ESM_HOOK_OPTION, sep: ' ' };
  // A node without module hooks (before 18.19) gets no hook, not even one an outer env put there.
  const takesHook = nodeTakesImport(typeof state.node === 'string' ? state.node : undefined);
  if (takesHook) prepend.push(hook);
  return {
    prefix,
    name: state.name,
    variables,
    prepend,
    drop: takesHook ? [] : [hook],
    activateScripts: listScripts(layout.activateD, shell),
    ...(mayHoldOldWrappers(state) ? { oldWrappers: true } : {}),
  };
}

const CORRUPT_HINT = 'Recreate the env (ssdp env create --force) or fix the file. Nothing in this shell was changed.';

function corrupt(file: string, why: string): SsdpError {
  return new SsdpError('E_ENV_CORRUPT', `${file} is damaged: ${why}.`, { hint: CORRUPT_HINT });
}

/** The scripts in an activate.d/deactivate.d folder that `shell` sources, sorted by file name. */
export function listScripts(dir: string, shell: ShellName): string[] {
  let raw: Buffer[];
  try {
    raw = rawNames(dir);
  } catch {
    return [];
  }
  const exts = SCRIPT_EXTENSIONS[shell];
  const names: string[] = [];
  for (const b of raw) {
    const n = b.toString('latin1');
    if (!exts.some((e) => n.endsWith(e) && n.length > e.length)) continue;
    if (isTextName(b)) names.push(b.toString());
    // Node would hand the name over with U+FFFD for each such byte, a file that is not there, and
    // the script would be skipped without a word (tester s18 try8k K1).
    else process.stderr.write(`ssdp: warning: ${join(dir, shownName(b))} was not run: its file name is not UTF-8, so the shell code ssdp writes cannot name it. Rename it to a UTF-8 name.\n`);
  }
  return names
    .sort()
    .map((n) => join(dir, n))
    .filter((f) => {
      try {
        return statSync(f).isFile();
      } catch {
        return false;
      }
    });
}

/** deactivate.d runs in reverse file-name order, undoing activate.d's order (like conda). */
export function deactivateScripts(prefix: string, shell: ShellName): string[] {
  return listScripts(prefixLayout(prefix).deactivateD, shell).reverse();
}

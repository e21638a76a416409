/**
 * `ssdp shell hook|activate|deactivate SHELL ...`, served on the CLI's fast path (before yargs
 * is loaded): reads the shell's environment, computes the change and prints it as code. Imports
 * only node builtins, src/env/prefix.ts, the CLI's option table and this folder, so activation
 * costs little more than a bare Node start.
 */
import { SsdpError } from '../util/errors.js';
import { parseCommandLine, type ParsedCommandLine } from '../cli/options.js';
import { isShellName, SHELLS, type ShellName } from './dialects.js';
import { planActivate, planDeactivate, type ActivationTarget, type PlanContext, type ShellSnapshot } from './plan.js';
import { resolveRoot } from '../env/prefix.js';
import { renderChange } from './render.js';
import { readLevels } from './state.js';
import { deactivateScripts, leftMidSwap, locateEnv, refFromWord, type EnvRef } from './target.js';

const ACTIVATE_HELP = `ssdp activate NAME|PATH [--stack] [--no-prompt]   (also -n NAME, -p PATH, --root DIR)
ssdp deactivate

  activate     put the env's bin first on PATH, export its variables, show (NAME) in the prompt
               and source its etc/ssdp/activate.d scripts; replaces the active env
  --stack      keep the active env's bin on PATH; deactivate returns to it
  --no-prompt  leave the prompt alone (also: SSDP_CHANGEPS1=false)
  deactivate   undo the last activation exactly

These change the current shell, so they need the shell function from: eval "$(ssdp shell hook bash)"
(zsh, sh likewise; fish: ssdp shell hook fish | source), or ssdp init.
`;

export const SHELL_SUBCOMMANDS = ['hook', 'activate', 'deactivate'] as const;

/** Prints code for `args` = [SUBCOMMAND, SHELL, ...]; returns undefined for what yargs should show (help). */
export async function runShellCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  const [sub, ...rest] = args;
  if (!(SHELL_SUBCOMMANDS as readonly string[]).includes(sub ?? '')) return undefined;
  return runShell(parseCommandLine(rest, ['shell', sub!]), env);
}

/** The same, for a command line the CLI has parsed already (words 'shell', SUBCOMMAND). */
export async function runShell(p: ParsedCommandLine, env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  const sub = p.words[1];
  if (p.help) {
    if (sub === 'hook') return undefined;
    // Through the shell function, stdout is evaluated: help goes to stderr, nothing to eval.
    process.stderr.write(ACTIVATE_HELP);
    return 0;
  }
  const [shellWord, ...rest] = p.positionals;
  const shell = parseShell(shellWord);
  let code: string;
  if (sub === 'hook') {
    if (rest.length || p.rest.length) throw usage(`unexpected argument '${rest[0] ?? p.rest[0]}' to ssdp shell hook`, 'Usage: ssdp shell hook bash|zsh|sh|fish.');
    // Loaded here only: activation itself never needs them.
    const [{ hookScript }, { cliCommand }] = await Promise.all([import('./hook.js'), import('./cli-path.js')]);
    code = hookScript(shell, cliCommand());
  } else if (sub === 'activate') {
    const a = activateArgsOf(p.values, [...rest, ...p.rest]);
    let target: ActivationTarget;
    try {
      ({ code, target } = activation(shell, a, env));
    } catch (e) {
      // An env a killed change left between its two renames: finished as every other command
      // naming it does (loaded only then: src/env is heavy for this path), then activated (S1, S2).
      const left = e instanceof SsdpError && e.code === 'E_ENV_NOT_FOUND' ? leftMidSwap(a.ref) : undefined;
      if (!left) throw e;
      const [{ repairInterruptedSwap }, { envLockPath }] = await Promise.all([import('../env/swap.js'), import('../env/target.js')]);
      repairInterruptedSwap(left.prefix, envLockPath(left));
      ({ code, target } = activation(shell, a, env));
    }
    if (target.oldWrappers) await refreshWrappers(a.ref);
  } else {
    if (rest.length || p.rest.length) throw usage(`unexpected argument '${rest[0] ?? p.rest[0]}' to ssdp deactivate`, 'Usage: ssdp deactivate (it takes no argument; it leaves the innermost active env).');
    code = deactivationCode(shell, env);
  }
  writeOut(code);
  return 0;
}

/**
 * Writes to fd 1 directly: `process.stdout` would load the streams stack, which costs more than
 * everything else activation does. Loops over partial writes and a non-blocking fd.
 */
function writeOut(text: string): void {
  const { writeSync } = process.getBuiltinModule('node:fs');
  const buf = Buffer.from(text, 'utf8');
  for (let off = 0; off < buf.length; ) {
    try {
      off += writeSync(1, buf, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}

export function parseShell(word: string | undefined): ShellName {
  const w = word === 'dash' || word === 'posix' ? 'sh' : word;
  if (w === undefined || !isShellName(w)) {
    throw new SsdpError('E_SHELL_UNKNOWN', word === undefined ? 'name a shell.' : `ssdp does not know the shell '${word}'.`, {
      hint: `Supported shells: ${SHELLS.join(', ')} (dash and other POSIX shells: sh).`,
    });
  }
  return w;
}

export interface ActivateArgs {
  ref: EnvRef;
  stack: boolean;
  prompt: boolean;
}

function usage(message: string, hint = 'Usage: ssdp activate NAME|PATH [--stack] [--no-prompt] (or -n NAME, -p PATH).'): SsdpError {
  return new SsdpError('E_BAD_ARGS', `${message}.`, { hint });
}

/** `args` are what follows `ssdp shell activate SHELL`; parsed with the CLI's option table. */
export function parseActivateArgs(args: string[]): ActivateArgs {
  const p = parseCommandLine(args, ['shell', 'activate']);
  return activateArgsOf(p.values, [...p.positionals, ...p.rest]);
}

function activateArgsOf(values: Record<string, unknown>, words: string[]): ActivateArgs {
  const str = (k: string) => (values[k] === undefined ? undefined : String(values[k]));
  const out: ActivateArgs = { ref: {}, stack: values.stack === true, prompt: values.prompt !== false };
  if (str('name') !== undefined) out.ref.name = str('name');
  if (str('prefix') !== undefined) out.ref.prefix = str('prefix');
  if (str('root') !== undefined) out.ref.root = str('root');
  if (words.length > 1) throw usage(`unexpected argument '${words[1]}'`);
  const [word] = words;
  const given = [word, out.ref.name, out.ref.prefix].filter((x) => x !== undefined).length;
  if (given === 0) throw usage('name the env to activate');
  if (given > 1) throw usage('name one env: NAME, PATH, -n NAME or -p PATH');
  if (word !== undefined) Object.assign(out.ref, refFromWord(word));
  return out;
}

function snapshot(env: NodeJS.ProcessEnv): ShellSnapshot {
  const vars: Record<string, string | undefined> = { ...env };
  const promptSet = vars.__SSDP_PS1_SET;
  const prompt = vars.__SSDP_PS1;
  delete vars.__SSDP_PS1_SET;
  delete vars.__SSDP_PS1;
  return { env: vars, prompt: promptSet === '1' ? prompt : undefined, promptKnown: promptSet !== undefined };
}

function context(shell: ShellName): PlanContext {
  return { promptKind: shell === 'fish' ? 'modifier' : 'ps1', deactivateScriptsOf: (p) => deactivateScripts(p, shell) };
}

const OFF = /^(false|0|no|off)$/i;

export function activationCode(shell: ShellName, a: ActivateArgs, env: NodeJS.ProcessEnv): string {
  return activation(shell, a, env).code;
}

/** The activation code and the env it activates. */
function activation(shell: ShellName, a: ActivateArgs, env: NodeJS.ProcessEnv): { code: string; target: ActivationTarget } {
  const snap = snapshot(env);
  const levels = readLevels(snap.env);
  const target = locateEnv(a.ref, shell);
  const changePrompt = a.prompt && !OFF.test(env.SSDP_CHANGEPS1 ?? '');
  return { code: renderChange(planActivate(snap, levels, target, { stack: a.stack, changePrompt }, context(shell)), shell), target };
}

/**
 * An env written before its bin wrappers were also JavaScript gets them rewritten (tester s22
 * try13w C6), under the env's lock as every other command takes it (its target from the same
 * words); loaded only for such an env. Activation never fails for it.
 */
async function refreshWrappers(ref: ActivateArgs['ref']): Promise<void> {
  try {
    const [{ resolveTarget }, { refreshOldWrappers }] = await Promise.all([import('../env/target.js'), import('../env/old-wrappers.js')]);
    refreshOldWrappers(resolveTarget(resolveRoot(ref.root), { name: ref.name, prefix: ref.prefix }));
  } catch {
    /* left for the env's next change or ssdp clean --verify */
  }
}

export function deactivationCode(shell: ShellName, env: NodeJS.ProcessEnv): string {
  const snap = snapshot(env);
  return renderChange(planDeactivate(snap, readLevels(snap.env), context(shell)), shell);
}

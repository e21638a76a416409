/**
 * `ssdp run -n NAME|-p PATH -- CMD ARGS`: one command inside an env. Unlike `conda run`, output
 * streams live (stdio is inherited), stdin is passed, the exit code passes through, signals sent
 * to ssdp reach the child (once: see TERMINAL_SIGNALS), and a child killed by a signal makes ssdp die of the same signal (so
 * shells report it the same way; 128+n where re-raising is impossible).
 *
 * `envProcessEnv` is the library half: the environment any process inside the env gets (the
 * workflow runner starts its workers with it).
 */
import { readFileSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { constants } from 'node:os';
import { SsdpError } from '../util/errors.js';
import { NPM_PREFIX_VAR, nodeTakesImport, withEsmHook, withoutEsmHook } from './node-options.js';
import { damagedEnv, mayHoldOldWrappers, prefixLayout, readEnvState, resolveRoot } from './prefix.js';
import { requireEnv, resolveTarget } from './target.js';
import { managedVariable, managedVariableHint, managedVariableMessage } from './managed-variables.js';

/**
 * The variables a process inside the env sees: its bin first on PATH, NODE_PATH (for `require`),
 * its variables, and NODE_OPTIONS with the hook that serves the env's packages to `import`.
 */
export function envProcessEnv(prefix: string, baseEnv: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const state = readEnvState(prefix);
  if (!state) throw new SsdpError('E_ENV_NOT_FOUND', `there is no ssdp env at ${prefix}.`, { hint: 'See: ssdp env list.' });
  const layout = prefixLayout(prefix);
  const env: NodeJS.ProcessEnv = { ...baseEnv };
  const path = baseEnv.PATH ?? '';
  env.PATH = path ? `${layout.bin}${delimiter}${path}` : layout.bin;
  env.NODE_PATH = layout.nodeModules;
  env.SSDP_PREFIX = prefix;
  env.SSDP_ENV_NAME = state.name;
  // npm's global prefix (npm/npx find "global" packages and bins there): the env, laid out as npm's
  // global folder, so `npx TOOL` runs the env's TOOL rather than fetching the registry's latest
  // (tester s14 try13c NPX1); npm's default is derived from node's own path, which is the env only
  // when it pins node. Its variables may not set another (managed-variables: tester s19 try8n N3).
  env[NPM_PREFIX_VAR] = prefix;
  for (const [k, v] of Object.entries(state.variables)) {
    // An env.json written before specs refused these (or by hand) would make spawn throw a TypeError.
    if (typeof v !== 'string' || v.includes('\0')) {
      throw damagedEnv(prefixLayout(prefix).stateFile, `the value of variable ${k} ${typeof v === 'string' ? 'holds a NUL byte, which no environment variable can hold' : 'is not a string'}`);
    }
    // As activation does (src/shell/target.ts): an env.json edited by hand, or written before specs
    // refused these, must not replace PATH and lose the env's bin/ (tester s18 try8k K3); an old
    // NODE_PATH stays behind the env's own packages; ssdp run's own SSDP_ENV_NAME wins.
    if (k === 'NODE_PATH') {
      env.NODE_PATH = `${layout.nodeModules}${delimiter}${v}`;
      continue;
    }
    if (k === 'SSDP_ENV_NAME') continue;
    const managed = managedVariable(k);
    if (managed) {
      throw new SsdpError('E_SHELL_RESERVED_VARIABLE', managedVariableMessage(layout.stateFile, k, managed), {
        hint: `${managedVariableHint(k, managed)} Nothing was run.`,
      });
    }
    env[k] = v;
  }
  if (nodeTakesImport(state.node)) env.NODE_OPTIONS = withEsmHook(env.NODE_OPTIONS);
  else if ((env.NODE_OPTIONS = withoutEsmHook(env.NODE_OPTIONS)) === undefined) delete env.NODE_OPTIONS;
  return env;
}

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/**
 * Signals a terminal sends to its whole foreground process group: Ctrl-C, Ctrl-\ and a hangup.
 * The child shares ssdp's group, so when that group is the terminal's foreground one the child
 * got the signal itself: forwarding it again made one Ctrl-C two (a program whose second Ctrl-C
 * means "force quit" skipped its graceful shutdown; tester s19 try13x X4). npm run and conda
 * run forward none of these either.
 */
const TERMINAL_SIGNALS = new Set<NodeJS.Signals>(['SIGINT', 'SIGQUIT', 'SIGHUP']);

/**
 * Whether ssdp's process group is the foreground group of its controlling terminal (Linux:
 * /proc/self/stat's pgrp and tpgid; read at each signal, as job control can move the group).
 * False without a terminal or where /proc cannot tell: every signal is then forwarded.
 */
function inForegroundGroup(): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    // After the command name (in parentheses, which may hold spaces): state ppid pgrp session tty_nr tpgid.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgrp = Number(f[2]);
    const tpgid = Number(f[5]);
    return tpgid > 0 && tpgid === pgrp;
  } catch {
    return false;
  }
}

/** Runs argv[0] with argv[1..] inside the env; resolves with the exit code ssdp should use. */
export async function runInEnv(prefix: string, argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  if (!cmd) throw new SsdpError('E_BAD_ARGS', 'no command to run.', { hint: 'Put it after --: ssdp run -n NAME -- node --version' });
  const env = envProcessEnv(prefix);
  // Loaded here: other commands do not need it.
  const { execa } = await import('execa');
  // The command is looked up on env.PATH, so the env's bin wins. env is complete already
  // (extendEnv off); a forwarded SIGTERM is the child's to handle, never followed by a SIGKILL.
  const child = execa(cmd, args, { stdio: 'inherit', env, extendEnv: false, reject: false, forceKillAfterDelay: false });
  const forward = (sig: NodeJS.Signals) => {
    if (TERMINAL_SIGNALS.has(sig) && inForegroundGroup()) return; // the terminal delivered it to the child too
    child.kill(sig);
  };
  for (const s of FORWARDED) process.on(s, forward);
  const r = await child.finally(() => {
    for (const s of FORWARDED) process.off(s, forward);
  });
  if (r.signal) {
    // Die of the same signal so our parent sees what the child saw.
    process.kill(process.pid, r.signal);
    return 128 + (constants.signals[r.signal] ?? 0);
  }
  if (r.exitCode !== undefined) return r.exitCode;
  const code = (r.cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    throw new SsdpError('E_COMMAND_NOT_FOUND', `command not found: '${cmd}' (not in ${prefixLayout(prefix).bin} nor on PATH).`, {
      hint: 'Install the package that provides it with ssdp install, or check the spelling.',
      exitCode: 127,
    });
  }
  if (code === 'EACCES') throw new SsdpError('E_COMMAND_NOT_EXECUTABLE', `'${cmd}' is not executable.`, { exitCode: 126 });
  throw r.cause ?? new Error(r.message);
}

/** The CLI half, called by src/cli/commands/run.ts with yargs' argv (`populate--` on). */
export async function runCommandCli(argv: Record<string, unknown>): Promise<number> {
  const root = resolveRoot(argv.root as string | undefined);
  const t = resolveTarget(root, { name: argv.name as string | undefined, prefix: argv.prefix as string | undefined });
  // An env written before its bin wrappers were also JavaScript: rewritten once (try13w C6).
  if (mayHoldOldWrappers(requireEnv(t))) (await import('./old-wrappers.js')).refreshOldWrappers(t);
  const rest = [argv.task, ...((argv.args as unknown[]) ?? []), ...((argv['--'] as unknown[]) ?? [])].filter((x) => x !== undefined).map(String);
  return runInEnv(resolve(t.prefix), rest);
}

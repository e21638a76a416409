/**
 * `ssdp shell hook|activate|deactivate`, `ssdp init` and the hook-less `ssdp activate`. The
 * shell subcommands are normally served by the fast path (src/cli/fast-path.ts) before yargs is
 * loaded; they are registered here so they show in --help and still work after global options.
 */
import type { Argv } from 'yargs';
import { SsdpError } from '../../util/errors.js';
import { createReporter } from '../../util/reporter.js';

type Args = Record<string, unknown>;
const shellLib = () => import('../../shell/index.js');

async function printShellCode(sub: string, a: Args, extra: string[] = []): Promise<void> {
  const { runShellCommand } = await shellLib();
  const root = a.root !== undefined ? ['--root', String(a.root)] : [];
  await runShellCommand([sub, String(a.shell), ...extra, ...(sub === 'activate' ? root : [])]);
}

function activateArgs(a: Args): string[] {
  return [
    ...(a.env !== undefined ? [String(a.env)] : []),
    ...(a.name !== undefined ? ['-n', String(a.name)] : []),
    ...(a.prefix !== undefined ? ['-p', String(a.prefix)] : []),
    ...(a.stack ? ['--stack'] : []),
    ...(a.prompt === false ? ['--no-prompt'] : []),
  ];
}

function activateOptions<T>(y: Argv<T>) {
  return y
    .positional('env', { type: 'string', describe: 'env name, or a path (containing /) to an env prefix' })
    .option('name', { alias: 'n', type: 'string', describe: 'env name (under ROOT/envs)' })
    .option('prefix', { alias: 'p', type: 'string', describe: 'env prefix path' })
    .option('stack', { type: 'boolean', describe: "keep the active env's bin on PATH (deactivate returns to it)" })
    .option('prompt', { type: 'boolean', default: true, describe: 'show (NAME) in the prompt; --no-prompt or SSDP_CHANGEPS1=false turn it off' });
}

function noHook(): never {
  throw new SsdpError('E_SHELL_NO_HOOK', 'activation changes the current shell, which the ssdp program cannot do on its own.', {
    hint: `Load the shell hook first: eval "$(ssdp shell hook bash)" (zsh likewise; fish: ssdp shell hook fish | source), or add it for good with: ssdp init bash`,
  });
}

export function register(y: Argv): Argv {
  return y
    .command('shell <command>', 'shell integration: hook code and activation scripts', (s) =>
      s
        .command('hook <shell>', 'print the code that defines the ssdp shell function (bash, zsh, fish, sh)', (c) =>
          c.positional('shell', { type: 'string' }), (a) => printShellCode('hook', a))
        .command('activate <shell> [env]', 'print the code that activates an env in that shell', (c) =>
          activateOptions(c.positional('shell', { type: 'string' })), (a) => printShellCode('activate', a, activateArgs(a)))
        .command('deactivate <shell>', 'print the code that deactivates the active env', (c) =>
          c.positional('shell', { type: 'string' }), (a) => printShellCode('deactivate', a))
        .demandCommand(1))
    .command('init [shells..]', 'add the shell hook to ~/.bashrc, ~/.zshrc or fish conf.d (marked block)', (c) =>
      c
        .positional('shells', { type: 'string', array: true, describe: 'bash, zsh, fish (default: the one in $SHELL; with --reverse: all)' })
        .option('reverse', { type: 'boolean', describe: 'remove the block ssdp init added' }), initCommand)
    .command('activate [env]', 'activate an env in this shell (needs the shell hook: ssdp init)', (c) => activateOptions(c), noHook)
    .command('deactivate', 'deactivate the active env in this shell (needs the shell hook)', (c) => c, noHook);
}

async function initCommand(a: Args): Promise<void> {
  const lib = await shellLib();
  const reporter = createReporter({ json: a.json as boolean | undefined, quiet: a.quiet as boolean | undefined });
  let shells = ((a.shells as unknown[] | undefined) ?? []).map(String);
  if (shells.length === 0) {
    const mine = (process.env.SHELL ?? '').split('/').pop() ?? '';
    if (a.reverse) shells = [...lib.INIT_SHELLS];
    else if ((lib.INIT_SHELLS as readonly string[]).includes(mine)) shells = [mine];
    else throw new SsdpError('E_SHELL_UNKNOWN', `name the shell to set up${mine ? ` ($SHELL is ${mine})` : ''}.`, { hint: 'ssdp init bash, ssdp init zsh or ssdp init fish' });
  }
  const results: Array<{ shell: string; file: string; outcome: string }> = [];
  for (const s of shells) {
    if (!(lib.INIT_SHELLS as readonly string[]).includes(s)) {
      throw new SsdpError('E_SHELL_UNKNOWN', `ssdp init does not know the shell '${s}'.`, {
        hint: 'ssdp init supports bash, zsh and fish; in other POSIX shells add: eval "$(ssdp shell hook sh)"',
      });
    }
    const shell = s as (typeof lib.INIT_SHELLS)[number];
    const file = lib.rcFile(shell);
    const outcome = a.reverse ? lib.removeBlock(file, shell === 'fish') : lib.installBlock(file, lib.initBlock(shell, lib.cliCommand()));
    results.push({ shell, file, outcome });
  }
  const words: Record<string, string> = {
    added: 'added the ssdp hook to',
    updated: 'updated the ssdp hook in',
    unchanged: 'the ssdp hook is already in',
    removed: 'removed the ssdp hook from',
    absent: 'no ssdp hook to remove in',
  };
  reporter.result(results, () =>
    results.map((r) => `${r.shell}: ${words[r.outcome]} ${r.file}`).join('\n') +
      (!a.reverse && results.some((r) => r.outcome !== 'unchanged') ? '\nOpen a new shell (or source the file) to use ssdp activate.' : ''));
}

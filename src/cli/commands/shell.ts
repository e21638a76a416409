/**
 * `ssdp init` and the hook-less `ssdp activate`/`deactivate`. `ssdp shell hook|activate|
 * deactivate` go straight to src/shell/commands.ts (src/cli/handlers.ts), which loads as little
 * as activation at every prompt change needs.
 */
import { SsdpError } from '../../util/errors.js';
import { createReporter } from '../../util/reporter.js';
import { settingsOf, type CommandName, type Handler, type Settings } from '../options.js';

const shellLib = () => import('../../shell/index.js');

function noHook(): never {
  throw new SsdpError('E_SHELL_NO_HOOK', 'activation changes the current shell, which the ssdp program cannot do on its own.', {
    hint: `Load the shell hook first: eval "$(ssdp shell hook bash)" (zsh likewise; fish: ssdp shell hook fish | source), or add it for good with: ssdp init bash`,
  });
}

export const handlers: Partial<Record<CommandName, Handler>> = {
  init: (p) => initCommand(settingsOf(p, 'init')),
  activate: async () => noHook(),
  deactivate: async () => noHook(),
};

async function initCommand(a: Settings<'init'>): Promise<void> {
  const lib = await shellLib();
  const reporter = createReporter({ json: a.json, quiet: a.quiet });
  let shells = a.positionals;
  if (shells.length === 0) {
    const mine = (process.env.SHELL ?? '').split('/').pop() ?? '';
    if (a.reverse) shells = [...lib.INIT_SHELLS];
    else if ((lib.INIT_SHELLS as readonly string[]).includes(mine)) shells = [mine];
    else throw new SsdpError('E_SHELL_UNKNOWN', `name the shell to set up${mine ? ` ($SHELL is ${mine})` : ''}.`, { hint: 'ssdp init bash, ssdp init zsh or ssdp init fish' });
  }
  const results: Array<{ shell: string; file: string; outcome: string; kept: string[]; backup?: string }> = [];
  for (const s of shells) {
    if (!(lib.INIT_SHELLS as readonly string[]).includes(s)) {
      throw new SsdpError('E_SHELL_UNKNOWN', `ssdp init does not know the shell '${s}'.`, {
        hint: 'ssdp init supports bash, zsh and fish; in other POSIX shells add: eval "$(ssdp shell hook sh)"',
      });
    }
    const shell = s as (typeof lib.INIT_SHELLS)[number];
    const file = lib.rcFile(shell);
    let change;
    try {
      change = a.reverse ? lib.removeBlock(file, shell === 'fish') : lib.installBlock(file, lib.initBlock(shell, lib.cliCommand()));
    } catch (e) {
      // `ssdp init bash zsh` with .zshrc unwritable had changed .bashrc without a word (try8j J4).
      const done = results.filter((r) => r.outcome !== 'unchanged' && r.outcome !== 'absent');
      if (done.length) reporter.warn(`before this failure ssdp init ${a.reverse ? 'took the hook out of' : 'put the hook into'} ${done.map((r) => `${r.file} (${r.shell})`).join(', ')}; that change stays.`);
      throw e;
    }
    results.push({ shell, file, ...change });
    if (change.kept.length > 0) {
      // Not an error (nothing was lost), but the user should know ssdp found their lines in its block.
      reporter.warn(
        `${file} had ${change.kept.length === 1 ? 'a line' : 'lines'} of yours inside ssdp's block, kept ${a.reverse ? 'where the block was' : 'just after the block'}: ${change.kept.map((l) => JSON.stringify(l)).join(', ')}` +
          (change.backup ? ` (the file as it was: ${change.backup})` : ''),
      );
    }
  }
  if (a.quiet && !a.json) return;
  const words: Record<string, string> = {
    added: 'added the ssdp hook to',
    updated: 'updated the ssdp hook in',
    unchanged: 'the ssdp hook is already in',
    removed: 'removed the ssdp hook from',
    absent: 'no ssdp hook to remove in',
  };
  reporter.result(results, () =>
    results.map((r) => `${r.shell}: ${words[r.outcome]} ${r.file}${r.backup ? ` (copy of the old file: ${r.backup})` : ''}`).join('\n') +
      (!a.reverse && results.some((r) => r.outcome !== 'unchanged') ? '\nOpen a new shell (or source the file) to use ssdp activate.' : ''));
}

/**
 * `ssdp init` and the hook-less `ssdp activate`/`deactivate`. `ssdp shell hook|activate|
 * deactivate` go straight to src/shell/commands.ts (src/cli/handlers.ts), which loads as little
 * as activation at every prompt change needs.
 */
import { SsdpError } from '../../util/errors.js';
import { createReporter } from '../../util/reporter.js';
import { settingsOf } from '../options.js';
const shellLib = () => import('../../shell/index.js');
function noHook() {
    throw new SsdpError('E_SHELL_NO_HOOK', 'activation changes the current shell, which the ssdp program cannot do on its own.', {
        hint: `Load the shell hook first: eval "$(ssdp shell hook bash)" (zsh likewise; fish: ssdp shell hook fish | source), or add it for good with: ssdp init bash`,
    });
}
export const handlers = {
    init: (p) => initCommand(settingsOf(p, 'init')),
    activate: async () => noHook(),
    deactivate: async () => noHook(),
};
async function initCommand(a) {
    const lib = await shellLib();
    const reporter = createReporter({ json: a.json, quiet: a.quiet });
    let shells = a.positionals;
    if (shells.length === 0) {
        const mine = (process.env.SHELL ?? '').split('/').pop() ?? '';
        if (a.reverse)
            shells = [...lib.INIT_SHELLS];
        else if (lib.INIT_SHELLS.includes(mine))
            shells = [mine];
        else
            throw new SsdpError('E_SHELL_UNKNOWN', `name the shell to set up${mine ? ` ($SHELL is ${mine})` : ''}.`, { hint: 'ssdp init bash, ssdp init zsh or ssdp init fish' });
    }
    const results = [];
    for (const s of shells) {
        if (!lib.INIT_SHELLS.includes(s)) {
            throw new SsdpError('E_SHELL_UNKNOWN', `ssdp init does not know the shell '${s}'.`, {
                hint: 'ssdp init supports bash, zsh and fish; in other POSIX shells add: eval "$(ssdp shell hook sh)"',
            });
        }
        const shell = s;
        const file = lib.rcFile(shell);
        const outcome = a.reverse ? lib.removeBlock(file, shell === 'fish') : lib.installBlock(file, lib.initBlock(shell, lib.cliCommand()));
        results.push({ shell, file, outcome });
    }
    const words = {
        added: 'added the ssdp hook to',
        updated: 'updated the ssdp hook in',
        unchanged: 'the ssdp hook is already in',
        removed: 'removed the ssdp hook from',
        absent: 'no ssdp hook to remove in',
    };
    reporter.result(results, () => results.map((r) => `${r.shell}: ${words[r.outcome]} ${r.file}`).join('\n') +
        (!a.reverse && results.some((r) => r.outcome !== 'unchanged') ? '\nOpen a new shell (or source the file) to use ssdp activate.' : ''));
}
//# sourceMappingURL=shell.js.map
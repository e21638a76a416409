/**
 * `ssdp init SHELL [--reverse]`: puts the hook into the file the shell reads for interactive
 * sessions, inside a marked block, and takes exactly that block out again. The block runs
 * `ssdp shell hook` at shell start (so it never goes stale) and does nothing if ssdp is gone.
 * Files are replaced atomically, through symlinks (dotfile managers), keeping their mode.
 */
import { chmodSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { quoteFish, quotePosix } from './dialects.js';
export const BLOCK_START = '# >>> ssdp initialize >>>';
export const BLOCK_END = '# <<< ssdp initialize <<<';
export const INIT_SHELLS = ['bash', 'zsh', 'fish'];
/** The rc file for a shell, honouring ZDOTDIR and XDG_CONFIG_HOME as zsh and fish do. */
export function rcFile(shell, env = process.env) {
    const home = homedir();
    if (shell === 'bash')
        return join(home, '.bashrc');
    if (shell === 'zsh')
        return join(env.ZDOTDIR || home, '.zshrc');
    return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'fish', 'conf.d', 'ssdp.fish');
}
export function initBlock(shell, cli) {
    const how = `# Added by 'ssdp init ${shell}'; 'ssdp init ${shell} --reverse' removes this block.`;
    if (shell === 'fish') {
        const run = cli.map(quoteFish).join(' ');
        return [BLOCK_START, how, `if test -x ${quoteFish(cli[0])}`, `    ${run} shell hook fish 2>/dev/null | source`, 'end', BLOCK_END].join('\n') + '\n';
    }
    const run = cli.map(quotePosix).join(' ');
    return ([
        BLOCK_START,
        how,
        `if __ssdp_hook="$(${run} shell hook ${shell} 2>/dev/null)"; then`,
        '    eval "$__ssdp_hook"',
        'fi',
        'unset __ssdp_hook',
        BLOCK_END,
    ].join('\n') + '\n');
}
/** [start, end) of the marked block including its final newline, or undefined. */
function findBlock(text) {
    let start = 0;
    if (!text.startsWith(BLOCK_START + '\n')) {
        const i = text.indexOf('\n' + BLOCK_START + '\n');
        if (i < 0)
            return undefined;
        start = i + 1;
    }
    const endMarker = text.indexOf('\n' + BLOCK_END, start);
    if (endMarker < 0)
        return undefined;
    let end = endMarker + 1 + BLOCK_END.length;
    if (text[end] === '\n')
        end++;
    return [start, end];
}
function readText(file) {
    try {
        return readFileSync(file, 'utf8');
    }
    catch (e) {
        if (e.code === 'ENOENT')
            return undefined;
        throw e;
    }
}
function writeAtomically(file, text) {
    let real = file;
    try {
        real = realpathSync(file);
    }
    catch {
        mkdirSync(dirname(file), { recursive: true });
    }
    let mode;
    try {
        mode = statSync(real).mode & 0o7777;
    }
    catch {
        mode = undefined;
    }
    const tmp = `${real}.ssdp-${process.pid}.tmp`;
    writeFileSync(tmp, text);
    if (mode !== undefined)
        chmodSync(tmp, mode);
    renameSync(tmp, real);
}
/** Adds the block at the end of the file, or rewrites it in place if it is there already. */
export function installBlock(file, block) {
    const text = readText(file);
    const found = text === undefined ? undefined : findBlock(text);
    let next;
    if (text !== undefined && found) {
        if (text.slice(found[0], found[1]) === block)
            return 'unchanged';
        next = text.slice(0, found[0]) + block + text.slice(found[1]);
        writeAtomically(file, next);
        return 'updated';
    }
    const base = text ?? '';
    next = base + (base === '' || base.endsWith('\n') ? '' : '\n') + block;
    writeAtomically(file, next);
    return 'added';
}
/** Removes exactly the block; a file that held nothing but the block (fish's conf.d) goes too. */
export function removeBlock(file, deleteIfEmpty = false) {
    const text = readText(file);
    const found = text === undefined ? undefined : findBlock(text);
    if (text === undefined || !found)
        return 'absent';
    const next = text.slice(0, found[0]) + text.slice(found[1]);
    if (next === '' && deleteIfEmpty)
        unlinkSync(file);
    else
        writeAtomically(file, next);
    return 'removed';
}
//# sourceMappingURL=rc-files.js.map
/**
 * `ssdp init SHELL [--reverse]`: puts the hook into the file the shell reads for interactive
 * sessions, inside a marked block, and takes exactly that block out again. The block runs
 * `ssdp shell hook` at shell start (so it never goes stale) and does nothing if ssdp is gone.
 * Files are replaced atomically, through symlinks (dotfile managers), keeping their mode.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { describeNonFolder, pathKind } from '../util/path-kind.js';
import { quoteFish, quotePosix, type ShellName } from './dialects.js';

export const BLOCK_START = '# >>> ssdp initialize >>>';
export const BLOCK_END = '# <<< ssdp initialize <<<';
export const INIT_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type InitShell = (typeof INIT_SHELLS)[number];

/** The rc file for a shell, honouring ZDOTDIR and XDG_CONFIG_HOME as zsh and fish do. */
export function rcFile(shell: InitShell, env: NodeJS.ProcessEnv = process.env): string {
  const home = homedir();
  if (shell === 'bash') return join(home, '.bashrc');
  if (shell === 'zsh') return join(env.ZDOTDIR || home, '.zshrc');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'fish', 'conf.d', 'ssdp.fish');
}

export function initBlock(shell: ShellName, cli: readonly string[]): string {
  const how = `# Added by 'ssdp init ${shell}'; 'ssdp init ${shell} --reverse' removes this block.`;
  if (shell === 'fish') {
    // Without the user's NODE_OPTIONS: a preload that prints would be sourced as shell code.
    const run = `NODE_OPTIONS= ${cli.map(quoteFish).join(' ')}`;
    return [BLOCK_START, how, `if test -x ${quoteFish(cli[0]!)}`, `    ${run} shell hook fish 2>/dev/null | source`, 'end', BLOCK_END].join('\n') + '\n';
  }
  const run = `NODE_OPTIONS= ${cli.map(quotePosix).join(' ')}`;
  return (
    [
      BLOCK_START,
      how,
      `if __ssdp_hook="$(${run} shell hook ${shell} 2>/dev/null)"; then`,
      '    eval "$__ssdp_hook"',
      'fi',
      'unset __ssdp_hook',
      BLOCK_END,
    ].join('\n') + '\n'
  );
}

/** [start, end) of the marked block including its final newline, or undefined. */
function findBlock(text: string): [number, number] | undefined {
  let start = 0;
  if (!text.startsWith(BLOCK_START + '\n')) {
    const i = text.indexOf('\n' + BLOCK_START + '\n');
    if (i < 0) return undefined;
    start = i + 1;
  }
  const endMarker = text.indexOf('\n' + BLOCK_END, start);
  if (endMarker < 0) return undefined;
  let end = endMarker + 1 + BLOCK_END.length;
  if (text[end] === '\n') end++;
  return [start, end];
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw rcError(file, `it cannot be read (${code ?? (e as Error).message})`, e);
  }
}

/**
 * The file to write for `file`: itself, or, through any chain of symlinks (dotfile managers link
 * ~/.bashrc into a repository), the file at the end of it, which need not exist yet (a dotfiles
 * repository not checked out: the link is written through, never replaced by a plain file).
 */
function writeTarget(file: string): string {
  let p = file;
  for (let hops = 0; hops < 40; hops++) {
    const k = pathKind(p);
    if (k.is === 'folder' || k.is === 'link-loop' || (k.is === 'not-a-folder' && k.link === undefined && k.what !== 'a file')) {
      throw rcError(file, `${p === file ? 'it' : `the end of its link, ${p},`} is ${describeNonFolder(k) ?? 'a folder'}`);
    }
    if (!lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink()) {
      if (p === file) return file;
      // Where the link leads must be a folder already: ssdp makes no folders in someone's dotfiles tree.
      const parent = pathKind(dirname(p));
      if (parent.is !== 'folder') throw rcError(file, `it is a symlink to ${p}, and ${dirname(p)} is ${describeNonFolder(parent) ?? 'missing'} (dotfiles not checked out yet?)`);
      return p;
    }
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw rcError(file, 'it is a symlink loop');
}

/** A coded error for an rc file ssdp cannot write; the file was left as it was. */
function rcError(file: string, why: string, cause?: unknown): SsdpError {
  return new SsdpError('E_SHELL_RC', `ssdp init cannot update the shell's startup file ${file}: ${why}. It was left as it was.`, {
    hint: `Make it writable (chmod u+w, chattr -i, or mount the disk it is on read-write) or point it where it should, then run the command again; or edit the file yourself: ssdp init puts the lines of 'ssdp shell hook SHELL' between the markers '${BLOCK_START}' and '${BLOCK_END}'.`,
    cause,
  });
}

function writeAtomically(file: string, text: string): void {
  const real = writeTarget(file);
  let tmp: string | undefined;
  try {
    if (real === file && !existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true }); // fish's conf.d
    const mode = statSync(real, { throwIfNoEntry: false })?.mode;
    tmp = `${real}.ssdp-${process.pid}.tmp`;
    writeFileSync(tmp, text);
    if (mode !== undefined) chmodSync(tmp, mode & 0o7777);
    renameSync(tmp, real);
    tmp = undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const words: Record<string, string> = { EROFS: 'it is on a read-only file system', EACCES: 'this user may not write it or its folder', EPERM: 'it, or its folder, is immutable or append-only (chattr)', ENOSPC: 'the disk is full', EDQUOT: 'the disk quota is full' };
    throw rcError(file, `${words[code ?? ''] ?? 'writing it failed'} (${code ?? (e as Error).message}${real !== file ? `, writing ${real}` : ''})`, e);
  } finally {
    if (tmp !== undefined) rmSync(tmp, { force: true });
  }
}

export type InitOutcome = 'added' | 'updated' | 'unchanged';

/** Adds the block at the end of the file, or rewrites it in place if it is there already. */
export function installBlock(file: string, block: string): InitOutcome {
  const text = readText(file);
  const found = text === undefined ? undefined : findBlock(text);
  let next: string;
  if (text !== undefined && found) {
    if (text.slice(found[0], found[1]) === block) return 'unchanged';
    next = text.slice(0, found[0]) + block + text.slice(found[1]);
    writeAtomically(file, next);
    return 'updated';
  }
  const base = text ?? '';
  next = base + (base === '' || base.endsWith('\n') ? '' : '\n') + block;
  writeAtomically(file, next);
  return 'added';
}

export type ReverseOutcome = 'removed' | 'absent';

/** Removes exactly the block; a file that held nothing but the block (fish's conf.d) goes too. */
export function removeBlock(file: string, deleteIfEmpty = false): ReverseOutcome {
  const text = readText(file);
  const found = text === undefined ? undefined : findBlock(text);
  if (text === undefined || !found) return 'absent';
  const next = text.slice(0, found[0]) + text.slice(found[1]);
  if (next === '' && deleteIfEmpty) {
    try {
      unlinkSync(file);
    } catch (e) {
      throw rcError(file, `it cannot be deleted (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, e);
    }
  } else writeAtomically(file, next);
  return 'removed';
}

/**
 * `ssdp init SHELL [--reverse]`: puts the hook into the file the shell reads for interactive
 * sessions, inside a marked block, and takes exactly that block out again. The block runs
 * `ssdp shell hook` at shell start (so it never goes stale) and does nothing if ssdp is gone.
 * Files are replaced atomically, through symlinks (dotfile managers), keeping their mode.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { homeFolder } from '../util/home-path.js';
import { utf8Path } from '../util/undecodable-path.js';
import { describeNonFolder, pathKind } from '../util/path-kind.js';
import { quoteFish, quotePosix, type ShellName } from './dialects.js';

export const BLOCK_START = '# >>> ssdp initialize >>>';
export const BLOCK_END = '# <<< ssdp initialize <<<';
export const INIT_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type InitShell = (typeof INIT_SHELLS)[number];

/** The rc file for a shell, honouring ZDOTDIR and XDG_CONFIG_HOME as zsh and fish do. */
export function rcFile(shell: InitShell, env: NodeJS.ProcessEnv = process.env): string {
  const home = homeFolder();
  if (shell === 'bash') return join(home, '.bashrc');
  if (shell === 'zsh') return join(utf8Path(env.ZDOTDIR || home, '$ZDOTDIR'), '.zshrc');
  return join(utf8Path(env.XDG_CONFIG_HOME || join(home, '.config'), '$XDG_CONFIG_HOME'), 'fish', 'conf.d', 'ssdp.fish');
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

/** A stand-in for the CLI path in the templates below, so any ssdp path matches. */
const CLI_MARK = 'SSDP-CLI-PATH';

/**
 * The lines ssdp itself writes inside the block, shell by shell and in their order, for any ssdp
 * path (a moved or reinstalled ssdp leaves a stale path in them), built from initBlock itself so
 * they cannot drift from it. Blocks written before the NODE_OPTIONS= prefix (d0f28a7) match too.
 * Every other line between the markers is the user's and is kept.
 */
const SSDP_SEQUENCES: readonly (readonly RegExp[])[] = INIT_SHELLS.map((shell) => {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const quoted = (shell === 'fish' ? quoteFish : quotePosix)(CLI_MARK);
  return initBlock(shell, [CLI_MARK])
    .split('\n')
    .filter((line) => line !== '' && line !== BLOCK_START && line !== BLOCK_END)
    .map((line) => {
      const src = line
        .split(`NODE_OPTIONS= ${quoted}`)
        .map((part) => part.split(quoted).map(escape).join('.+'))
        .join('(?:NODE_OPTIONS= )?.+');
      return new RegExp(`^${src}$`);
    });
});

/**
 * Tells ssdp's lines from the user's inside one block: a line is ssdp's only where it is the next
 * line of some shell's template, so a user's own `fi` or `end` after ssdp's lines stays the user's
 * (matching each line alone took every `fi` in the block: tester s17 try8j J1).
 */
class TemplateCursor {
  private at = SSDP_SEQUENCES.map(() => 0);
  restart(): void {
    this.at = SSDP_SEQUENCES.map(() => 0);
  }
  isSsdps(line: string): boolean {
    let hit = false;
    SSDP_SEQUENCES.forEach((seq, i) => {
      if (seq[this.at[i]!]?.test(line)) (this.at[i]! += 1), (hit = true);
    });
    return hit;
  }
}

interface Block {
  /** [start, end) of the block in the text, including its final newline if it has one. */
  start: number;
  end: number;
  /** Lines between the markers that ssdp did not write, in order. */
  userLines: string[];
}

/**
 * The first marked block, or undefined. A start marker with no end marker after it is refused
 * (E_SHELL_RC naming the line): where ssdp's lines end is then unknown, and guessing dropped the
 * user's lines after a hand edit.
 */
function findBlock(file: string, text: string): Block | undefined {
  const lines = text.split('\n');
  let offset = 0;
  let start = -1;
  let startLine = 0;
  const userLines: string[] = [];
  const ours = new TemplateCursor();
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineEnd = offset + raw.length + (i < lines.length - 1 ? 1 : 0);
    // A file with CRLF line ends (edited on Windows, copied from a share): its lines are matched
    // without the CR; a user's line is kept with it (an init appended a second block, --reverse
    // found none).
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (start < 0) {
      if (line === BLOCK_START) (start = offset), (startLine = i + 1);
    } else if (line === BLOCK_END) {
      return { start, end: lineEnd, userLines };
    } else if (line === BLOCK_START) {
      ours.restart(); // a repeated start marker is ssdp's (an older init appended after a stray one)
    } else if (!ours.isSsdps(line)) {
      userLines.push(raw);
    }
    offset = lineEnd;
  }
  if (start < 0) return undefined;
  throw rcError(file, `line ${startLine} is the start of ssdp's block ('${BLOCK_START}') but no line '${BLOCK_END}' ends it, so ssdp cannot tell its own lines from yours`, undefined,
    `Put the line '${BLOCK_END}' where ssdp's block ends, or delete line ${startLine} if the block is gone, then run the command again.`);
}

/**
 * rc files are handled as bytes (each byte one latin1 character): a file that is not UTF-8 (a Latin-1
 * name in a comment) keeps every byte outside ssdp's lines, and its backup is an exact copy (tester
 * s17 try8j J7: read as UTF-8, every such byte became U+FFFD in the file and the backup).
 */
const asBytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
const fromBytes = (bytes: string) => Buffer.from(bytes, 'latin1').toString('utf8');

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'latin1');
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
    // A target name that is not UTF-8 reads back with U+FFFD: "missing" for a folder that is there (K14).
    p = utf8Path(resolve(dirname(p), readlinkSync(p)), `the target of the symlink ${p}`);
  }
  throw rcError(file, 'it is a symlink loop');
}

/** A coded error for an rc file ssdp cannot write; the file was left as it was. */
function rcError(file: string, why: string, cause?: unknown, hint?: string): SsdpError {
  return new SsdpError('E_SHELL_RC', `ssdp init cannot update the shell's startup file ${file}: ${why}. It was left as it was.`, {
    hint: hint ?? `Make it writable (chmod u+w, chattr -i, or mount the disk it is on read-write) or point it where it should, then run the command again; or edit the file yourself: ssdp init puts the lines of 'ssdp shell hook SHELL' between the markers '${BLOCK_START}' and '${BLOCK_END}'.`,
    cause,
  });
}

/** The copy of an rc file as it was before ssdp's last rewrite of it, next to the file itself. */
export function backupFile(real: string): string {
  return `${real}.ssdp-backup`;
}

/**
 * Replaces `file` (through its links) with `text`, keeping its mode. An existing file is first
 * copied to backupFile (replaced atomically too), so no rewrite can lose a line of the user's even
 * if ssdp misreads the block; returns that copy's path. On failure nothing new is left behind.
 */
function writeAtomically(file: string, text: string, before: string | undefined): string | undefined {
  const real = writeTarget(file);
  const backup = before === undefined ? undefined : backupFile(real);
  const hadBackup = backup !== undefined && existsSync(backup);
  const tmps: string[] = [];
  let done = false;
  let writing = real;
  try {
    if (real === file && !existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true }); // fish's conf.d
    const mode = statSync(real, { throwIfNoEntry: false })?.mode;
    const put = (to: string, content: string) => {
      writing = to;
      const tmp = `${to}.ssdp-${process.pid}.tmp`;
      tmps.push(tmp);
      writeFileSync(tmp, content, 'latin1');
      if (mode !== undefined) chmodSync(tmp, mode & 0o7777);
      renameSync(tmp, to);
    };
    if (backup !== undefined) put(backup, before!);
    put(real, text);
    done = true;
    return backup;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const words: Record<string, string> = { EROFS: 'it is on a read-only file system', EACCES: 'this user may not write it or its folder', EPERM: 'it, or its folder, is immutable or append-only (chattr)', ENOSPC: 'the disk is full', EDQUOT: 'the disk quota is full' };
    // A failed backup copy is named as such (a folder at FILE.ssdp-backup was blamed on the rc file: try8j J6).
    if (writing === backup && code === 'EISDIR') throw rcError(file, `its copy ${backup} cannot be written (EISDIR: a folder is there)`, e, `Move ${backup} out of the way and run the command again.`);
    throw rcError(file, `${words[code ?? ''] ?? 'writing it failed'} (${code ?? (e as Error).message}${real !== file ? `, writing ${real}` : ''})`, e);
  } finally {
    for (const tmp of tmps) rmSync(tmp, { force: true });
    if (!done && backup !== undefined && !hadBackup) rmSync(backup, { force: true });
  }
}

export type InitOutcome = 'added' | 'updated' | 'unchanged';
export type ReverseOutcome = 'removed' | 'absent';

export interface RcChange<O> {
  outcome: O;
  /** The user's own lines found between the markers: kept, just after the new block (init) or in its place (--reverse). */
  kept: string[];
  /** The copy of the file as it was, when it was rewritten. */
  backup?: string;
}

/** The file's line end: CRLF when most of its lines end so (ssdp's block is then written with CRLF too). */
function lineEndOf(text: string | undefined): string {
  if (!text) return '\n';
  const crlf = text.split('\r\n').length - 1;
  return crlf > 0 && crlf * 2 >= text.split('\n').length - 1 ? '\r\n' : '\n';
}

/** `s` without its last line end (CRLF or LF), for a last line that had none. */
const withoutLastEnd = (s: string) => (s.endsWith('\r\n') ? s.slice(0, -2) : s.endsWith('\n') ? s.slice(0, -1) : s);

/** The user's lines from a block, each with its newline, to put back where the block was. */
function keptText(block: Block): string {
  return block.userLines.map((l) => l + '\n').join('');
}

/** Blank lines are kept but not worth a warning. */
function named(block: Block): string[] {
  return block.userLines.filter((l) => l.trim() !== '').map((l) => fromBytes(l.endsWith('\r') ? l.slice(0, -1) : l));
}

/**
 * `text` without every marked block in it (a file with two blocks, from two inits of different
 * ssdp versions, kept loading the hook after --reverse took one: tester s17 try8j J3), the user's
 * lines of each left where its block was, and the user's lines found.
 */
function withoutBlocks(file: string, text: string): { text: string; kept: string[] } {
  const kept: string[] = [];
  let cur = text;
  for (let found = findBlock(file, cur); found; found = findBlock(file, cur)) {
    let before = cur.slice(0, found.start);
    let mine = keptText(found);
    if (found.end === cur.length && !cur.endsWith('\n')) {
      // The block was the file's unterminated last line: so is whatever now ends the file.
      if (mine !== '') mine = withoutLastEnd(mine);
      // Only the line end init added, in the file's style: a lone CR ending the user's last line
      // before it is the user's byte, not half of a CRLF (try8k K4).
      else before = before.endsWith(lineEndOf(text)) ? before.slice(0, -lineEndOf(text).length) : before;
    }
    cur = before + mine + cur.slice(found.end);
    kept.push(...named(found));
  }
  return { text: cur, kept };
}

/**
 * Adds the block at the end of the file, or rewrites the first one in place if it is there
 * already (any later one is taken out). A file without a final newline keeps that state: the
 * block is added after a newline and itself ends without one, which is how removeBlock knows to
 * take that newline out again.
 */
export function installBlock(file: string, blockText: string): RcChange<InitOutcome> {
  const text = readText(file);
  const eol = lineEndOf(text);
  const block = asBytes(blockText).replace(/\n/g, eol);
  const found = text === undefined ? undefined : findBlock(file, text);
  if (text !== undefined && found) {
    const later = withoutBlocks(file, text.slice(found.end));
    const atEofWithoutNewline = found.end === text.length && !text.endsWith('\n');
    const kept = keptText(found);
    // The kept lines go after the block; the file's last line keeps its (missing) newline.
    let replacement = block + kept;
    if (atEofWithoutNewline) replacement = withoutLastEnd(replacement);
    const next = text.slice(0, found.start) + replacement + later.text;
    if (next === text) return { outcome: 'unchanged', kept: [] };
    return { outcome: 'updated', kept: [...named(found), ...later.kept], backup: writeAtomically(file, next, text) };
  }
  const base = text ?? '';
  const next = base === '' || base.endsWith('\n') ? base + block : base + eol + withoutLastEnd(block);
  return { outcome: 'added', kept: [], backup: writeAtomically(file, next, text) };
}

/**
 * Removes exactly ssdp's lines of every block; the user's lines in them stay where the blocks
 * were. A file that held nothing but the block (fish's conf.d) goes too.
 */
export function removeBlock(file: string, deleteIfEmpty = false): RcChange<ReverseOutcome> {
  const text = readText(file);
  if (text === undefined) return { outcome: 'absent', kept: [] };
  const { text: next, kept } = withoutBlocks(file, text);
  if (next === text) return { outcome: 'absent', kept: [] }; // a block always takes its markers with it
  if (next === '' && deleteIfEmpty) {
    try {
      unlinkSync(file);
    } catch (e) {
      throw rcError(file, `it cannot be deleted (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, e);
    }
    return { outcome: 'removed', kept: [] };
  }
  return { outcome: 'removed', kept, backup: writeAtomically(file, next, text) };
}

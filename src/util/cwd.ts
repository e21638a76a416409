/**
 * The current folder, when the shell's working folder may have been deleted (`rm -rf` of the
 * project from another terminal, a checkout that removed it). Node's process.cwd() then throws a
 * bare ENOENT "uv_cwd" that the CLI printed as a bug with a stack (tester try8g G1). A command that
 * only might use the folder (a project .npmrc, relative paths in an export) goes on without it;
 * one that needs it (a relative path to resolve, a command to run there) says E_CWD_GONE.
 */
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { SsdpError } from './errors.js';

/** Whether `e` is Node's failure to read a current folder that no longer exists. */
export function isCwdGone(e: unknown): boolean {
  const err = e as { code?: unknown; syscall?: unknown } | null;
  return typeof err === 'object' && err !== null && err.code === 'ENOENT' && err.syscall === 'uv_cwd';
}

/** The coded error for a deleted current folder. */
export function cwdGoneError(cause?: unknown): SsdpError {
  // The shell's PWD names the folder when it is gone too (a process started with another cwd
  // inherits a PWD that is not its folder: that one still exists).
  const pwd = process.env.PWD;
  const where = pwd && isAbsolute(pwd) && !existsSync(pwd) ? ` (${pwd})` : '';
  return new SsdpError('E_CWD_GONE', `the current folder${where} no longer exists: it was deleted or moved after this shell went into it, and this command needs it`, {
    hint: 'go to a folder that exists (cd ~, for one) and run the command again; give paths as absolute paths if they were relative to the deleted folder',
    cause,
  });
}

/** The current folder; E_CWD_GONE when it was deleted. */
export function currentFolder(): string {
  try {
    return process.cwd();
  } catch (e) {
    throw isCwdGone(e) ? cwdGoneError(e) : e;
  }
}

/** The current folder, or undefined when it was deleted (for what can do without it). */
export function currentFolderIfAny(): string | undefined {
  try {
    return process.cwd();
  } catch (e) {
    if (isCwdGone(e)) return undefined;
    throw e;
  }
}

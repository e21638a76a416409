/**
 * `~` and `~/x` as a shell would expand them. A quoted '~', or one after `=` (`--root=~/x`,
 * `SSDP_ROOT='~/x'`), reaches us literally, and a folder named `~` in the working directory is
 * never what was meant. `~user` is refused, not guessed.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { SsdpError } from './errors.js';
import { REPLACEMENT_CHAR, utf8Path } from './undecodable-path.js';

/** The absolute path for a -p / --root / SSDP_ROOT value; E_PATH_NOT_UTF8 when it (or $HOME, or the current folder it is relative to) is not UTF-8. */
export function expandHome(path: string): string {
  utf8Path(path, 'the path');
  if (path === '~' || path.startsWith('~/')) return join(homeFolder(), path.slice(1));
  if (/^~[^/]/.test(path)) {
    throw new SsdpError('E_BAD_PREFIX', `cannot expand '${path}': only ~ and ~/PATH (your own home) are understood.`, { hint: 'Give the full path instead.' });
  }
  const abs = resolve(path);
  // The given path is UTF-8, so the replacement came from the current folder it is relative to (K9).
  if (abs.includes(REPLACEMENT_CHAR)) utf8Path(process.cwd(), `the current folder (which '${path}' is relative to)`);
  return abs;
}

/** $HOME (os.homedir()); E_PATH_NOT_UTF8 when it is not UTF-8 (init wrote a new look-alike home, K13). */
export function homeFolder(): string {
  return utf8Path(homedir(), 'your home folder ($HOME)');
}

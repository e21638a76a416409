/**
 * Paths that reach ssdp as strings from outside (argv, $HOME, the current folder, a link's target)
 * are decoded by Node as UTF-8, and each byte that is not UTF-8 becomes U+FFFD. Such a string
 * names a different, look-alike path: writing there made a new folder `caf\xef\xbf\xbd` beside
 * the user's `caf\xe9` (tester try8k K9, K13), and reading there said "missing" for a file that
 * is right there (K10, K14). Refuse before anything is made. A real name holding U+FFFD (rare)
 * is refused too: from the string alone it cannot be told apart.
 */
import { SsdpError } from './errors.js';

export const REPLACEMENT_CHAR = '\uFFFD';

/** `path` itself, or E_PATH_NOT_UTF8 naming `what` it is (e.g. "the -p path", "$HOME"). */
export function utf8Path(path: string, what: string): string {
  if (!path.includes(REPLACEMENT_CHAR)) return path;
  throw new SsdpError('E_PATH_NOT_UTF8', `${what} ${path} is not UTF-8: Node shows each byte that is not UTF-8 as ${REPLACEMENT_CHAR}, so ssdp would make or look for a different, look-alike path; ssdp needs UTF-8 names there.`, {
    hint: 'Rename the folder to a UTF-8 name (e.g. convmv -f latin1 -t utf8), or reach it through a symlink with a UTF-8 name, and run the command again; nothing was changed.',
  });
}

/**
 * `~` and `~/x` as a shell would expand them. A quoted '~', or one after `=` (`--root=~/x`,
 * `SSDP_ROOT='~/x'`), reaches us literally, and a folder named `~` in the working directory is
 * never what was meant. `~user` is refused, not guessed.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { SsdpError } from './errors.js';
export function expandHome(path) {
    if (path === '~' || path.startsWith('~/'))
        return join(homedir(), path.slice(1));
    if (/^~[^/]/.test(path)) {
        throw new SsdpError('E_BAD_PREFIX', `cannot expand '${path}': only ~ and ~/PATH (your own home) are understood.`, { hint: 'Give the full path instead.' });
    }
    return resolve(path);
}
//# sourceMappingURL=home-path.js.map
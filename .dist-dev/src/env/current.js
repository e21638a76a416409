/** The current lock and state of an existing env (both written by commitEnv). */
import { readFileSync } from 'node:fs';
import { parseLockfile } from '../resolve/lockfile.js';
import { damagedEnv, prefixLayout } from './prefix.js';
/** The env's lock.json, or undefined when the prefix has none; E_ENV_CORRUPT when it is damaged. */
export function readCurrentLock(prefix) {
    const file = prefixLayout(prefix).lockFile;
    let text;
    try {
        text = readFileSync(file, 'utf8');
    }
    catch {
        return undefined;
    }
    // Every entry is checked as a lockfile given with -f is: a malformed one is damage, not a TypeError later.
    try {
        return parseLockfile(text, file);
    }
    catch (e) {
        throw damagedEnv(file, e.message.replace(`${file} is not a valid ssdp lockfile: `, ''));
    }
}
/** The lock of a prefix known to be an env: a missing one means the env is damaged. */
export function requireCurrentLock(prefix) {
    const lock = readCurrentLock(prefix);
    if (!lock)
        throw damagedEnv(prefixLayout(prefix).lockFile, undefined);
    return lock;
}
//# sourceMappingURL=current.js.map
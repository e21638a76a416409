/**
 * The content-addressed package store: one folder per tarball, named by its strongest integrity
 * hash, so a package is fetched and unpacked once and every env hardlinks from it.
 *
 *   STORE/pkgs/<algo>/<2 hex>/<rest of hex>/index.json   what the package holds (written last)
 *   STORE/pkgs/<algo>/<2 hex>/<rest of hex>/files/...     the unpacked package (`package/` stripped)
 *   STORE/tmp/<pid>-<random>/                             unpacking in progress, or cleaning's trash
 *   STORE/pins/<pid>-<n>.json                             entries a running process is about to link
 *   STORE/store.lock                                      held while cleaning (and briefly to pin)
 *
 * An entry becomes visible only by renaming a complete folder from tmp/ into place, so a reader
 * (or a kill -9 at any moment) never sees half an entry; a rename that loses a race to another
 * process is fine, its copy is identical. Because envs share the stored inodes, stored files are
 * read-only: a tool that writes into its own package fails instead of silently changing every
 * env (root ignores modes, so install scripts, which might write, get copies; see link.ts).
 * Checking an entry costs one stat: nothing is re-hashed on the warm path.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { onStop } from '../util/stop-on-exit.js';
export const INDEX_FILE = 'index.json';
export const FILES_DIR = 'files';
export const pkgsDir = (storeDir) => join(storeDir, 'pkgs');
export const tmpRoot = (storeDir) => join(storeDir, 'tmp');
export const pinsDir = (storeDir) => join(storeDir, 'pins');
export const storeLockPath = (storeDir) => join(storeDir, 'store.lock');
/** Entry folder for a store key `algo-hex`. */
export function entryDir(storeDir, key) {
    const dash = key.indexOf('-');
    const algo = key.slice(0, dash);
    const hex = key.slice(dash + 1);
    return join(storeDir, 'pkgs', algo, hex.slice(0, 2), hex.slice(2));
}
export function hasEntry(dir) {
    return statSync(join(dir, INDEX_FILE), { throwIfNoEntry: false }) !== undefined;
}
export function readIndex(dir) {
    return JSON.parse(readFileSync(join(dir, INDEX_FILE), 'utf8'));
}
/**
 * Temp folders this process has open, each with its unregister function. A Ctrl-C (or
 * SIGTERM/SIGHUP) mid-download deletes them before the process dies, so an interrupted install
 * leaves the store as it was; the pid-named sweep of later runs remains the backstop for kill -9.
 */
const liveTemps = new Map();
function track(tmp) {
    const remove = () => rmSync(tmp, { recursive: true, force: true });
    liveTemps.set(tmp, onStop(async () => remove(), remove));
}
function untrack(tmp) {
    liveTemps.get(tmp)?.();
    liveTemps.delete(tmp);
}
/** A fresh folder to unpack into; its name starts with our pid so gc can tell abandoned ones. */
export function makeTempDir(storeDir) {
    const root = tmpRoot(storeDir);
    mkdirSync(root, { recursive: true });
    const tmp = mkdtempSync(join(root, `${process.pid}-`));
    track(tmp);
    return tmp;
}
/** Deletes a temp folder from makeTempDir. */
export function dropTempDir(tmp) {
    rmSync(tmp, { recursive: true, force: true });
    untrack(tmp);
}
/** Moves a complete temp folder into place; if another process got there first, drops ours. */
export function commitEntry(tmp, dir) {
    mkdirSync(dirname(dir), { recursive: true });
    try {
        renameSync(tmp, dir);
        untrack(tmp);
    }
    catch (e) {
        const code = e.code;
        if ((code === 'ENOTEMPTY' || code === 'EEXIST') && hasEntry(dir)) {
            dropTempDir(tmp);
            return;
        }
        throw e;
    }
}
//# sourceMappingURL=cas.js.map
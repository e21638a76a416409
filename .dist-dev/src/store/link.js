/**
 * Puts one stored package into an env: its folders created, every file hardlinked from the store
 * (one linkSync per file in a tight loop: no streams, no promises, since this is the whole cost of
 * a warm create). Where the kernel refuses a hardlink (store and env on different file systems,
 * too many links to one inode) the file is copied instead, reflinked where the file system can.
 * Copies are made writable: they belong to the env alone.
 */
import { chmodSync, constants, copyFileSync, linkSync, mkdirSync, symlinkSync, unlinkSync } from 'node:fs';
const FALLBACK_CODES = new Set(['EXDEV', 'EMLINK', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EACCES']);
function copyOne(src, dest, mode) {
    copyFileSync(src, dest, constants.COPYFILE_FICLONE);
    chmodSync(dest, mode | 0o200);
}
function placeFile(src, dest, mode, state, copy) {
    if (copy || state.method === 'copy') {
        copyOne(src, dest, mode);
        state.copied++;
        return;
    }
    try {
        linkSync(src, dest);
        state.linked++;
    }
    catch (e) {
        const code = e.code;
        if (code === 'EEXIST') {
            // A bundled copy inside the parent package is replaced by the locked one.
            unlinkSync(dest);
            return placeFile(src, dest, mode, state, copy);
        }
        if (state.method === 'hardlink' || !FALLBACK_CODES.has(code ?? ''))
            throw e;
        if (code === 'EXDEV')
            state.method = 'copy';
        copyOne(src, dest, mode);
        state.copied++;
    }
}
function mkdirQuiet(path) {
    try {
        mkdirSync(path);
    }
    catch (e) {
        if (e.code !== 'EEXIST')
            throw e;
    }
}
/** Materialises a stored package (its `files/` folder) at dest. `copy` forces private copies. */
export function importPackage(filesDir, dest, index, state, copy = false) {
    mkdirSync(dest, { recursive: true });
    // Index paths are package-relative and normalised when unpacked: plain concatenation gives
    // what path.join would, without its normalising pass (a third of this loop's CPU).
    const from = filesDir + '/';
    const to = dest + '/';
    for (const d of index.dirs)
        mkdirQuiet(to + d);
    for (const [path, mode] of index.files)
        placeFile(from + path, to + path, mode, state, copy);
    for (const [path, target] of index.symlinks)
        symlinkSync(target, to + path);
}
/** Hardlinks (or copies) one file, e.g. node's binary into PREFIX/bin. */
export function importFile(src, dest, mode, state) {
    placeFile(src, dest, mode, state, false);
}
//# sourceMappingURL=link.js.map
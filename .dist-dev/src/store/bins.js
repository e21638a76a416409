/**
 * Executables in PREFIX/bin: relative symlinks to the bins of the packages the user asked for
 * (relative, so a prefix can be moved or mounted elsewhere), the target made executable; and the
 * pinned node binary itself as a hardlink, so PREFIX/bin/node is a real file that `ps` and
 * `process.execPath` report as living in the env. Bin names and targets come from registry
 * metadata, i.e. from strangers, so both are checked to stay inside their folders.
 */
import { chmodSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { resolveRelative } from './safe-path.js';
export function normaliseBinName(name) {
    const base = name.replace(/^@[^/]+\//, '');
    if (!base || base === '.' || base === '..' || /[\\/\0]/.test(base))
        return undefined;
    return base;
}
/** Makes a file executable for everyone who may read it (a no-op when it already is). */
export function makeExecutable(path) {
    const mode = statSync(path).mode & 0o7777;
    const want = mode | ((mode & 0o444) >> 2);
    if (want !== mode)
        chmodSync(path, want);
}
/** `reserved`: names already in binDir (node itself when pinned) -> who owns them. */
export function linkBins(binDir, sources, warn, reserved = {}) {
    mkdirSync(binDir, { recursive: true });
    const taken = new Map(Object.entries(reserved));
    for (const src of sources) {
        for (const [rawName, file] of Object.entries(src.bin)) {
            const name = normaliseBinName(rawName);
            const rel = typeof file === 'string' ? resolveRelative('_', file) : undefined;
            if (!name || !rel) {
                warn(`skipped bin ${JSON.stringify(rawName)} of ${src.label}: it points outside its package`);
                continue;
            }
            const target = join(src.dir, rel);
            if (!statSync(target, { throwIfNoEntry: false })?.isFile()) {
                warn(`skipped bin ${name} of ${src.label}: ${file} is not in the package`);
                continue;
            }
            const owner = taken.get(name);
            if (owner) {
                warn(`bin ${name} of ${src.label} clashes with the one of ${owner}; kept ${owner}'s`);
                continue;
            }
            taken.set(name, src.label);
            makeExecutable(target);
            symlinkSync(relative(binDir, target), join(binDir, name));
        }
    }
    return [...taken.keys()].filter((k) => !(k in reserved));
}
//# sourceMappingURL=bins.js.map
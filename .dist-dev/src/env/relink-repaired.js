/**
 * After `clean --verify` repaired store entries (the tester's N4): envs hardlink stored files, so
 * an env holding a changed file's inode keeps running the edit although the store is clean again,
 * and root ignores the read-only modes, so one edit through one env reached them all. Each such
 * file is replaced, under the env's lock, by a link to the repaired copy (link to a temp name,
 * then rename over it: the env never lacks the file). Only files that ARE the changed inode are
 * touched: a package's private copies (scripts ran) and the user's own files are not.
 * Envs whose entry could only be removed (no clean copy could be fetched) are named, not repaired.
 */
import { chmodSync, constants, copyFileSync, linkSync, lstatSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { rootLayout, prefixLayout } from './prefix.js';
import { listEnvs } from './target.js';
import { readCurrentLock } from './current.js';
import { withEnvLock } from './commit.js';
const inodeOf = (p) => {
    const st = lstatSync(p, { throwIfNoEntry: false });
    return st?.isFile() ? `${st.dev}:${st.ino}` : undefined;
};
/** Every regular file below dir (relative paths), for an entry whose index is gone with it. */
function filesBelow(dir, rel = '') {
    let names;
    try {
        names = readdirSync(join(dir, rel));
    }
    catch {
        return [];
    }
    return names.flatMap((n) => {
        const r = rel ? `${rel}/${n}` : n;
        const st = lstatSync(join(dir, r), { throwIfNoEntry: false });
        return st?.isDirectory() ? filesBelow(dir, r) : st?.isFile() ? [r] : [];
    });
}
/** `file` becomes the stored `src`: a hardlink where the file system allows, else a copy. */
function replaceWith(src, file) {
    const tmp = join(dirname(file), `.ssdp-repair-${process.pid}-${Date.now()}`);
    try {
        try {
            linkSync(src, tmp);
        }
        catch {
            copyFileSync(src, tmp, constants.COPYFILE_FICLONE);
            chmodSync(tmp, lstatSync(src).mode | 0o200);
        }
        renameSync(tmp, file);
    }
    catch (e) {
        rmSync(tmp, { force: true });
        throw e;
    }
}
export async function relinkRepaired(root, repaired, reporter) {
    const byKey = new Map(repaired.filter((r) => r.inodes.length).map((r) => [r.key, r]));
    if (!byKey.size)
        return [];
    const { entryDir, FILES_DIR, readIndex } = await import('../store/cas.js');
    const { integrityKey } = await import('../store/integrity.js');
    const store = rootLayout(root).store;
    const out = [];
    for (const e of listEnvs(root)) {
        if (e.damaged)
            continue;
        const t = { root, prefix: e.prefix, name: e.name, named: dirname(e.prefix) === rootLayout(root).envs };
        const fix = { name: e.name, prefix: e.prefix, relinked: [], stillChanged: [] };
        try {
            await withEnvLock(t, reporter, async () => {
                const lock = readCurrentLock(e.prefix);
                if (!lock)
                    return;
                const layout = prefixLayout(e.prefix);
                // [package folder or node binary in the env, its store key, how the store names its files]
                const places = lock.packages.map((p) => [join(layout.nodeModules, p.path), integrityKey(p.integrity), 'package']);
                if (lock.node)
                    places.push([join(layout.bin, 'node'), integrityKey(lock.node.integrity), 'node']);
                for (const [place, key, kind] of places) {
                    const r = key ? byKey.get(key) : undefined;
                    if (!r)
                        continue;
                    const bad = new Set(r.inodes);
                    const entry = entryDir(store, key);
                    if (r.action === 'removed') {
                        const held = kind === 'node' ? [place] : filesBelow(place).map((f) => join(place, f));
                        if (held.some((f) => bad.has(inodeOf(f) ?? '')))
                            fix.stillChanged.push(`${r.name}@${r.version}`);
                        continue;
                    }
                    const pairs = kind === 'node' ? [[place, join(entry, FILES_DIR, 'bin', 'node')]] : readIndex(entry).files.map(([f]) => [join(place, f), join(entry, FILES_DIR, f)]);
                    for (const [file, src] of pairs) {
                        if (!bad.has(inodeOf(file) ?? ''))
                            continue;
                        replaceWith(src, file);
                        fix.relinked.push(file.slice(e.prefix.length + 1));
                    }
                }
            });
        }
        catch (err) {
            // One env that cannot be changed (read-only, gone meanwhile) does not stop the others.
            reporter.warn(`could not repair ${e.prefix}: ${err.message}`);
            continue;
        }
        if (fix.relinked.length || fix.stillChanged.length)
            out.push(fix);
    }
    return out;
}
export function formatEnvRepairs(repairs) {
    return repairs.flatMap((r) => [
        ...(r.relinked.length ? [`  repaired env ${r.name} (${r.prefix}): ${r.relinked.slice(0, 5).join(', ')}${r.relinked.length > 5 ? ` and ${r.relinked.length - 5} more` : ''} now the clean copy`] : []),
        ...(r.stillChanged.length
            ? [`  env ${r.name} (${r.prefix}) still holds the changed files of ${r.stillChanged.join(', ')} (no clean copy could be fetched); once the registry is reachable, rebuild it: ssdp env export -p ${r.prefix} --lock -f env.lock.json && ssdp env create -p ${r.prefix} --force -f env.lock.json`]
            : []),
    ]);
}
//# sourceMappingURL=relink-repaired.js.map
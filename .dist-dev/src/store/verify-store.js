/**
 * `ssdp clean --verify`: re-hash every stored file against the hash recorded when it was
 * unpacked, and repair what changed. Root ignores the read-only modes, so one in-place edit
 * through an env's hardlink changes the stored file for every env; linking notices that by size
 * and mtime, this notices it by content. A damaged entry is fetched again from where it came
 * from (or, without a URL or network, removed so the next env that needs it fetches it).
 * Holds the store lock, so no clean or pin runs meanwhile.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withFileLock } from '../util/lock.js';
import { FILES_DIR, INDEX_FILE, makeTempDir, readIndex, storeLockPath } from './cas.js';
import { storeUsage } from './gc.js';
import { parseIntegrity } from './integrity.js';
/** The first problem, and every changed file's inode (each file is hashed once a problem is found, too). */
function problemOf(dir, index) {
    let touched = false;
    let problem;
    const inodes = [];
    for (const f of index.files) {
        const [path, , size, hash, mtime] = f;
        const file = join(dir, FILES_DIR, path);
        let data;
        try {
            data = readFileSync(file);
        }
        catch {
            problem ??= `${path} is missing`;
            continue;
        }
        if (data.length !== size || createHash('sha256').update(data).digest('hex') !== hash) {
            problem ??= `${path} was changed`;
            const st = statSync(file);
            inodes.push(`${st.dev}:${st.ino}`);
            continue;
        }
        // Same content, other mtime (touched, or copied back): record the new one so linking does
        // not fetch a good entry again.
        const now = statSync(file).mtimeMs;
        if (mtime !== now) {
            f[4] = now;
            touched = true;
        }
    }
    return { problem, touched, inodes };
}
export async function verifyStore(storeDir, opts = {}) {
    const result = { checked: 0, files: 0, repaired: [], unverifiable: 0 };
    await withFileLock(storeLockPath(storeDir), async () => {
        for (const entry of storeUsage(storeDir).entries) {
            let index;
            try {
                index = readIndex(entry.dir);
            }
            catch {
                /* unreadable index: damaged */
            }
            if (index && index.files.some((f) => f[3] === undefined)) {
                result.unverifiable++;
                continue;
            }
            const { problem, touched, inodes } = index ? problemOf(entry.dir, index) : { problem: `its index ${join(entry.dir, INDEX_FILE)} is unreadable`, touched: false, inodes: [] };
            result.checked++;
            result.files += index?.files.length ?? 0;
            if (!problem) {
                if (touched) {
                    const tmp = join(entry.dir, `${INDEX_FILE}.${process.pid}.tmp`);
                    writeFileSync(tmp, JSON.stringify(index));
                    renameSync(tmp, join(entry.dir, INDEX_FILE));
                }
                continue;
            }
            // An unreadable index names nothing; the problem then names its path instead.
            const name = index?.name ?? (entry.name === '?' ? 'a stored package' : entry.name);
            const version = index?.version ?? (entry.version === '?' ? '' : entry.version);
            if (index?.resolved && !opts.offline) {
                try {
                    const { refetchEntry } = await import('./fetch-package.js');
                    await refetchEntry(storeDir, { name, version, resolved: index.resolved, integrity: index.integrity, parsed: parseIntegrity(index.integrity, `${name}@${version}`), dir: entry.dir });
                    result.repaired.push({ name, version, key: entry.key, problem, action: 'fetched again', inodes });
                    continue;
                }
                catch {
                    /* no network or gone from the registry: fall back to removing it */
                }
            }
            const trash = makeTempDir(storeDir);
            try {
                renameSync(entry.dir, join(trash, 'old'));
            }
            catch (e) {
                if (e.code !== 'ENOENT')
                    throw e;
            }
            rmSync(trash, { recursive: true, force: true });
            result.repaired.push({ name, version, key: entry.key, problem, action: 'removed', inodes });
        }
    });
    return result;
}
//# sourceMappingURL=verify-store.js.map
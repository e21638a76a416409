/**
 * Every change to an env is a numbered revision, as in conda (`conda list --revisions`). Each
 * revision is one file PREFIX/ssdp-meta/history/NNNN.json holding the full lock and env state,
 * so `ssdp install --revision N` can restore exactly that revision by relinking from the store.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { damagedEnv, prefixLayout } from './prefix.js';
import { SsdpError } from '../util/errors.js';
export const revisionFileName = (n) => `${String(n).padStart(4, '0')}.json`;
function versionsByPath(lock) {
    const m = new Map();
    if (!lock)
        return m;
    if (lock.node)
        m.set('node', lock.node.version);
    for (const p of lock.packages)
        m.set(p.path, p.version);
    return m;
}
export function diffLocks(before, after) {
    const a = versionsByPath(before);
    const b = versionsByPath(after);
    const diff = { added: [], removed: [], changed: [] };
    for (const [path, to] of b) {
        const from = a.get(path);
        if (from === undefined)
            diff.added.push({ path, to });
        else if (from !== to)
            diff.changed.push({ path, from, to });
    }
    for (const [path, from] of a)
        if (!b.has(path))
            diff.removed.push({ path, from });
    return diff;
}
/** Every revision in order; a damaged history file is a DamagedRevision entry. */
export function readRevisions(prefix) {
    const dir = prefixLayout(prefix).history;
    let names;
    try {
        names = readdirSync(dir).filter((n) => /^\d+\.json$/.test(n));
    }
    catch {
        return [];
    }
    return names
        .map((n) => {
        try {
            return parseRevision(join(dir, n));
        }
        catch (e) {
            if (!(e instanceof SsdpError))
                throw e;
            return { revision: Number(n.slice(0, -5)), damaged: e.message };
        }
    })
        .sort((x, y) => x.revision - y.revision);
}
/** E_ENV_CORRUPT naming the file when it is not a revision; ENOENT passes through. */
function parseRevision(file) {
    const text = readFileSync(file, 'utf8');
    let r;
    try {
        r = JSON.parse(text);
    }
    catch (e) {
        throw damagedEnv(file, e.message);
    }
    // Only what restoring and listing rely on.
    if (typeof r !== 'object' || r === null || !Number.isInteger(r.revision) || typeof r.state !== 'object' || r.state === null || !Array.isArray(r.lock?.packages) || typeof r.diff !== 'object' || r.diff === null) {
        throw damagedEnv(file, 'revision, state, lock or diff is missing or of the wrong type');
    }
    return r;
}
export function readRevision(prefix, n) {
    try {
        return parseRevision(join(prefixLayout(prefix).history, revisionFileName(n)));
    }
    catch (e) {
        if (e instanceof SsdpError)
            throw e;
        const all = readRevisions(prefix).map((r) => r.revision);
        throw new SsdpError('E_NO_SUCH_REVISION', `the env at ${prefix} has no revision ${n}.`, {
            hint: all.length ? `Revisions are ${all[0]}..${all[all.length - 1]}; see: ssdp list --revisions.` : 'See: ssdp list --revisions.',
        });
    }
}
export function formatRevision(r) {
    if ('damaged' in r && r.damaged)
        return `rev ${r.revision}  (damaged: ${r.damaged})`;
    r = r;
    const lines = [`rev ${r.revision}  (${r.date})  ${r.command}`];
    for (const c of r.diff.added)
        lines.push(`    +${c.path}-${c.to}`);
    for (const c of r.diff.removed)
        lines.push(`    -${c.path}-${c.from}`);
    for (const c of r.diff.changed)
        lines.push(`     ${c.path}  {${c.from} -> ${c.to}}`);
    return lines.join('\n');
}
//# sourceMappingURL=revisions.js.map
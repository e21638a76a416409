/**
 * Moving a step's files out of the way instead of deleting them: the outputs of a failed or
 * interrupted step (half-written, so nothing later may trust them) go to .ssdp/failed/STEP/, and
 * a file ssdp did not write that a step is about to replace goes to .ssdp/replaced/STEP-TIME/.
 * Kept, not deleted, because a partial file is often what explains the failure, and a file
 * ssdp did not write may be someone's only copy.
 */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
const safe = (id) => id.replace(/[^A-Za-z0-9._-]/g, '_');
export function asideDir(root, kind, id) {
    return join(root, '.ssdp', kind, kind === 'failed' ? safe(id) : `${safe(id)}-${Date.now()}`);
}
/** Moves the existing ones of `paths` into a fresh aside folder; returns that folder and the new paths (none: nothing existed). */
export function moveAside(root, id, kind, paths) {
    const dir = asideDir(root, kind, id);
    const present = paths.filter((p) => existsSync(p));
    if (present.length === 0)
        return { dir, moved: [] };
    // STEP/ holds the latest failure only (older leftovers would be mistaken for it), but an older
    // one is renamed, never deleted: after a kill -9, what sits at an output path may be a file the
    // user put there since, and ssdp cannot tell it from the half-written one.
    if (kind === 'failed' && existsSync(dir))
        renameSync(dir, `${dir}-${Math.floor(statSync(dir).mtimeMs)}`);
    const moved = [];
    for (const p of present) {
        const rel = relative(root, p);
        const dest = join(dir, rel.startsWith('..') || isAbsolute(rel) ? basename(p) : rel);
        mkdirSync(dirname(dest), { recursive: true });
        try {
            renameSync(p, dest);
        }
        catch (e) {
            if (e.code !== 'EXDEV')
                throw e;
            // An output on another file system than the project: copy, then remove.
            cpSync(p, dest, { recursive: true });
            rmSync(p, { recursive: true, force: true });
        }
        moved.push(dest);
    }
    return { dir, moved };
}
//# sourceMappingURL=aside.js.map
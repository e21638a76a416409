const parentPath = (path) => {
    const i = path.lastIndexOf('/node_modules/');
    return i < 0 ? undefined : path.slice(0, i);
};
function locate(byPath, from, dep) {
    for (let at = from; at !== undefined; at = parentPath(at)) {
        const hit = byPath.get(`${at}/node_modules/${dep}`);
        if (hit)
            return hit;
    }
    return byPath.get(dep);
}
/** A lock keeping only what `keepNames` (top-level package names, maybe `node`) reach. */
export function pruneLock(lock, keepNames, requested) {
    const byPath = new Map(lock.packages.map((p) => [p.path, p]));
    const keep = new Set();
    const queue = [];
    for (const n of keepNames) {
        const p = byPath.get(n);
        if (p)
            queue.push(p);
    }
    while (queue.length > 0) {
        const p = queue.pop();
        if (keep.has(p.path))
            continue;
        keep.add(p.path);
        const deps = { ...p.peerDependencies, ...p.optionalDependencies, ...p.dependencies };
        for (const d of Object.keys(deps)) {
            const hit = locate(byPath, p.path, d);
            if (hit && !keep.has(hit.path))
                queue.push(hit);
        }
    }
    const names = new Set(keepNames);
    const out = {
        ...lock,
        requested,
        packages: lock.packages.filter((p) => keep.has(p.path)).map((p) => (p.requested && !names.has(p.name) ? { ...p, requested: undefined } : p)),
    };
    if (!names.has('node'))
        delete out.node;
    return out;
}
//# sourceMappingURL=prune.js.map
/**
 * An independent check of a lock's tree, from the lock alone: every dependency and peer must
 * resolve, by Node's folder lookup, to a copy that satisfies its range. The resolver's placement
 * logic is subtle (hoisting, shadowing, peers); this catches any mistake before an env is built
 * on it, and lets tests throw random registries at the resolver.
 */
import semver from 'semver';
export function verifyLockTree(lock) {
    const byPath = new Map(lock.packages.map((p) => [p.path, p]));
    const problems = [];
    const find = (startFolder, name) => {
        for (let folder = startFolder;;) {
            const hit = byPath.get(folder === null ? name : `${folder}/node_modules/${name}`);
            if (hit)
                return hit;
            if (folder === null)
                return undefined;
            const cut = folder.lastIndexOf('/node_modules/');
            folder = cut < 0 ? null : folder.slice(0, cut);
        }
    };
    const parentFolder = (path) => {
        const cut = path.lastIndexOf('/node_modules/');
        return cut < 0 ? null : path.slice(0, cut);
    };
    const fits = (v, range) => {
        try {
            return semver.validRange(range) === null || semver.satisfies(v, range, { includePrerelease: true });
        }
        catch {
            return true;
        }
    };
    for (const p of lock.packages) {
        const optional = p.optionalDependencies ?? {};
        for (const [d, range] of Object.entries(p.dependencies ?? {})) {
            if (d in optional || d === p.name)
                continue;
            const hit = find(p.path, d);
            const alias = range.match(/^npm:((?:@[^/]+\/)?[^@]+)(?:@(.*))?$/);
            const [pkg, want] = alias ? [alias[1], alias[2] || '*'] : [d, range];
            if (!hit)
                problems.push(`${p.path}@${p.version}: dependency ${d}@${range} is missing`);
            else if (hit.name !== pkg || !fits(hit.version, want))
                problems.push(`${p.path}@${p.version}: dependency ${d}@${range} finds ${hit.path} (${hit.name}@${hit.version})`);
        }
        for (const [q, range] of Object.entries(p.peerDependencies ?? {})) {
            const hit = find(parentFolder(p.path), q);
            if (hit && !fits(hit.version, range))
                problems.push(`${p.path}@${p.version}: peer ${q}@${range} finds ${hit.path}@${hit.version}`);
        }
    }
    return problems;
}
//# sourceMappingURL=verify.js.map
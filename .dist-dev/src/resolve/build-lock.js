import { enginesFit } from './candidates.js';
import { integrityOf, normaliseBin } from './lockfile.js';
import { platformMismatch } from './platform.js';
export function buildLock(root, requests, opts, s, node) {
    const nodes = [];
    const stack = [...root.children.values()];
    while (stack.length) {
        const n = stack.pop();
        nodes.push(n);
        stack.push(...n.children.values());
    }
    // Required = reachable from the requests through non-optional edges.
    const required = new Set();
    const walk = [...root.children.values()].filter((n) => n.requested);
    for (const n of walk)
        required.add(n);
    for (let i = 0; i < walk.length; i++) {
        for (const e of walk[i].out) {
            if (!e.optional && !required.has(e.to)) {
                required.add(e.to);
                walk.push(e.to);
            }
        }
    }
    const warned = new Set();
    const packages = nodes.map((n) => {
        const m = n.manifest;
        const key = `${m.name}@${m.version}`;
        if (!warned.has(key)) {
            warned.add(key);
            if (!s.rules.nodePinned && !enginesFit(m, s.rules.nodeVersion)) {
                opts.onWarning?.(`${key} wants node ${m.engines.node}; this is node ${s.rules.nodeVersion}`);
            }
            const mismatch = required.has(n) ? platformMismatch(m, s.platform) : undefined;
            if (mismatch)
                opts.onWarning?.(`${key} is built for ${mismatch}`);
        }
        const p = { name: m.name, version: m.version, path: n.path, resolved: m.dist.tarball, integrity: integrityOf(m) };
        const bin = normaliseBin(m.name, m.bin);
        if (bin)
            p.bin = bin;
        if (m.dependencies && Object.keys(m.dependencies).length)
            p.dependencies = m.dependencies;
        if (m.optionalDependencies && Object.keys(m.optionalDependencies).length)
            p.optionalDependencies = m.optionalDependencies;
        if (m.peerDependencies && Object.keys(m.peerDependencies).length)
            p.peerDependencies = m.peerDependencies;
        if (m.hasInstallScript)
            p.hasInstallScript = true;
        if (!required.has(n))
            p.optional = true;
        if (n.requested)
            p.requested = true;
        if (m.engines && typeof m.engines === 'object' && !Array.isArray(m.engines) && Object.keys(m.engines).length)
            p.engines = m.engines;
        for (const k of ['os', 'cpu', 'libc']) {
            const v = m[k];
            if (v !== undefined)
                p[k] = Array.isArray(v) ? v : [v];
        }
        return p;
    });
    packages.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const lock = {
        lockfileVersion: 1,
        registry: opts.registry,
        requested: requests.map((r) => r.raw).sort(),
        packages,
    };
    if (node)
        lock.node = node;
    return lock;
}
//# sourceMappingURL=build-lock.js.map
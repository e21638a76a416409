/**
 * Builds npm-style tarballs in tests, byte by byte, so tests can also build the malicious ones
 * (entries with `..`, absolute paths, links pointing out) that a well-behaved tar writer refuses.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
function header(e, size) {
    const h = Buffer.alloc(512, 0);
    const put = (s, off, len) => h.write(s.slice(0, len), off, len, 'utf8');
    const oct = (n, off, len) => put(n.toString(8).padStart(len - 1, '0') + '\0', off, len);
    let name = e.name;
    let prefix = '';
    if (Buffer.byteLength(name) > 100) {
        const cut = name.lastIndexOf('/', 154);
        prefix = name.slice(0, cut);
        name = name.slice(cut + 1);
    }
    put(name, 0, 100);
    oct(e.mode ?? (e.type === 'dir' ? 0o755 : 0o644), 100, 8);
    oct(0, 108, 8);
    oct(0, 116, 8);
    oct(size, 124, 12);
    oct(1_600_000_000, 136, 12);
    h.fill(' ', 148, 156);
    const typeflag = { file: '0', hardlink: '1', symlink: '2', dir: '5' }[e.type ?? 'file'];
    put(typeflag, 156, 1);
    put(e.linkname ?? '', 157, 100);
    put('ustar\0', 257, 6);
    put('00', 263, 2);
    put(prefix, 345, 155);
    let sum = 0;
    for (const b of h)
        sum += b;
    put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
    return h;
}
/** A gzipped tar of the entries, in order. */
export function buildTar(entries) {
    const parts = [];
    for (const e of entries) {
        const body = e.type === 'file' || e.type === undefined ? Buffer.from(e.content ?? '') : Buffer.alloc(0);
        parts.push(header(e, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
    parts.push(Buffer.alloc(1024));
    return gzipSync(Buffer.concat(parts));
}
/** A package tarball: every file under `package/`, package.json included. */
export function buildPackageTarball(manifest, files = {}) {
    const entries = [{ name: 'package/package.json', content: JSON.stringify(manifest, null, 2) }];
    for (const [path, content] of Object.entries(files)) {
        const mode = path.startsWith('bin/') ? 0o755 : 0o644;
        entries.push({ name: `package/${path}`, content, mode });
    }
    return buildTar(entries);
}
export function sri(data, algo = 'sha512') {
    return `${algo}-${createHash(algo).update(data).digest('base64')}`;
}
//# sourceMappingURL=tarball.js.map
/**
 * A small npm-compatible registry on 127.0.0.1 for tests: packuments (full and abbreviated,
 * with ETags for revalidation) and tarballs built in the test itself, and the faults a real
 * registry or proxy shows (5xx, 429, resets, cut or stalled bodies, HTML or junk answers).
 */
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { buildPackageTarball, sri } from './tarball.js';
export async function startRegistry(versions = []) {
    const packages = new Map();
    const requests = [];
    let failStatus;
    let faults;
    const seen = new Map();
    const ranges = [];
    const fullDownloads = new Map();
    let delayMs = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    let counter = 0;
    let url = '';
    const add = (v) => {
        const manifest = { ...v };
        delete manifest.files;
        delete manifest.tarball;
        delete manifest.integrity;
        delete manifest.time;
        const tarball = v.tarball ?? buildPackageTarball(manifest, v.files);
        const time = v.time ?? new Date(Date.UTC(2020, 0, 1) + counter++ * 86_400_000).toISOString();
        if (!packages.has(v.name))
            packages.set(v.name, new Map());
        packages.get(v.name).set(v.version, { meta: v, tarball, integrity: v.integrity ?? sri(tarball), time });
    };
    versions.forEach(add);
    const tarballName = (name, version) => `${name}/-/${name.split('/').pop()}-${version}.tgz`;
    const packument = (name, abbreviated) => {
        const vs = packages.get(name);
        const out = {};
        const time = {};
        let latest = '0.0.0';
        for (const [version, s] of vs) {
            const { files: _f, tarball: _t, integrity: _i, time: _tm, scripts, ...manifest } = s.meta;
            const entry = {
                ...manifest,
                dist: { tarball: `${url}/${tarballName(name, version)}`, integrity: s.integrity, shasum: createHash('sha1').update(s.tarball).digest('hex') },
            };
            if (scripts && (scripts.install || scripts.preinstall || scripts.postinstall))
                entry.hasInstallScript = true;
            if (!abbreviated && scripts)
                entry.scripts = scripts;
            out[version] = entry;
            time[version] = s.time;
            if (!version.includes('-'))
                latest = version;
        }
        const doc = { name, 'dist-tags': { latest }, versions: out, modified: new Date(Date.UTC(2024, 0, 1)).toISOString() };
        if (!abbreviated)
            doc.time = time;
        return doc;
    };
    const handle = (req, res) => {
        const path = decodeURIComponent((req.url ?? '/').split('?')[0]).replace(/^\//, '');
        requests.push(path);
        if (failStatus) {
            res.writeHead(failStatus).end();
            return;
        }
        const nth = (seen.get(path) ?? 0) + 1;
        if (faults)
            seen.set(path, nth);
        if (faults?.resetFirst && nth <= faults.resetFirst)
            return void req.socket.destroy();
        const ff = faults?.failFirst;
        if (ff && nth <= ff.count) {
            res.writeHead(ff.status, ff.retryAfter ? { 'retry-after': ff.retryAfter } : {}).end();
            return;
        }
        const tgz = path.match(/^(.+)\/-\/[^/]+-([^/]+)\.tgz$/);
        if (tgz) {
            const s = packages.get(tgz[1])?.get(tgz[2]);
            if (!s)
                return void res.writeHead(404).end();
            const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
            ranges.push(req.headers.range ?? '');
            const etag = `"${sri(s.tarball)}"`;
            if (range && faults?.ranges !== false && Number(range[1]) < s.tarball.length && (!req.headers['if-range'] || req.headers['if-range'] === etag)) {
                const from = Number(range[1]);
                res.writeHead(206, { 'content-type': 'application/octet-stream', 'content-length': s.tarball.length - from, 'content-range': `bytes ${from}-${s.tarball.length - 1}/${s.tarball.length}`, etag });
                if (faults?.stall?.tarball)
                    return void res.write(s.tarball.subarray(from, from + 1));
                return void res.end(s.tarball.subarray(from));
            }
            if (faults?.tarballBody) {
                res.writeHead(200, { 'content-type': faults.tarballBody.contentType });
                return void res.end(faults.tarballBody.body);
            }
            res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': s.tarball.length, 'accept-ranges': faults?.ranges === false ? 'none' : 'bytes', etag });
            if (faults?.stall?.tarball)
                return void res.write(s.tarball.subarray(0, faults.stall.after ?? 0));
            const cut = faults?.cutTarballAfter;
            const downloads = (fullDownloads.get(path) ?? 0) + 1;
            fullDownloads.set(path, downloads);
            if (cut !== undefined && downloads === 1) {
                // The pause lets the client read the bytes before the reset (an errored stream drops
                // what it has queued, and then there is nothing to resume from).
                res.write(s.tarball.subarray(0, cut), () => setTimeout(() => req.socket.destroy(), 150));
                return;
            }
            res.end(s.tarball);
            return;
        }
        if (faults?.metadataBody && packages.has(path)) {
            res.writeHead(200, { 'content-type': faults.metadataBody.contentType });
            return void res.end(faults.metadataBody.body);
        }
        if (!packages.has(path)) {
            res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Not found' }));
            return;
        }
        const abbreviated = (req.headers.accept ?? '').includes('application/vnd.npm.install-v1+json');
        const body = JSON.stringify(packument(path, abbreviated));
        const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
        if (req.headers['if-none-match'] === etag)
            return void res.writeHead(304, { etag }).end();
        res.writeHead(200, { 'content-type': 'application/json', etag });
        if (faults?.stall?.metadata)
            return void res.write(body.slice(0, faults.stall.after ?? 0));
        res.end(body);
    };
    const server = createServer((req, res) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        res.on('close', () => inFlight--);
        if (delayMs > 0)
            setTimeout(() => handle(req, res), delayMs);
        else
            handle(req, res);
    });
    await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${server.address().port}`;
    return {
        get url() {
            return url;
        },
        requests,
        add,
        faults(f) {
            faults = f;
            seen.clear();
            ranges.length = 0;
            fullDownloads.clear();
        },
        ranges,
        failWith(status) {
            failStatus = status;
        },
        delay(ms) {
            delayMs = ms;
        },
        get maxInFlight() {
            return maxInFlight;
        },
        close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
    };
}
//# sourceMappingURL=registry.js.map
/**
 * Shared set-up for env tests: a fake registry, a temp SSDP_ROOT and an asynchronous CLI runner
 * (the registry lives in this process, so the CLI child must not block our event loop).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { CLI_ENTRY, tempDir } from '../helpers/cli.js';
import { startRegistry } from '../helpers/registry.js';
export function spawnCli(args, env, opts = {}) {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], { env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (typeof opts.input === 'string')
        child.stdin.end(opts.input);
    else if (opts.input !== null)
        child.stdin.end(); // null: the test writes to stdin itself
    const done = new Promise((ok) => child.on('close', (status, signal) => ok({ status, signal, stdout, stderr })));
    return { child, done };
}
/** A plain package with an index.js exporting its name and version, plus an optional bin. */
export function pkg(name, version, extra = {}) {
    return { ...extra, name, version, files: { 'index.js': `module.exports = ${JSON.stringify(`${name}@${version}`)};\n`, ...extra.files } };
}
export async function setup(versions) {
    const reg = await startRegistry(versions);
    const dir = tempDir('ssdp-env-');
    const root = join(dir, 'root');
    const env = { ...process.env, SSDP_ROOT: root, npm_config_registry: reg.url, CI: '1' };
    delete env.SSDP_PREFIX;
    return {
        reg,
        root,
        dir,
        env,
        cli: (args, opts = {}) => spawnCli(args, { ...env, ...opts.env }, opts).done,
        spec(name, body) {
            const file = join(dir, name);
            writeFileSync(file, body);
            return file;
        },
        close: () => reg.close(),
    };
}
/** Every entry below dir: type, size-independent content hash or link target (for byte-identity). */
export function snapshot(dir) {
    const out = {};
    const walk = (rel) => {
        const abs = join(dir, rel);
        const st = lstatSync(abs);
        if (st.isSymbolicLink())
            out[rel] = `link:${readlinkSync(abs)}`;
        else if (st.isDirectory()) {
            out[rel] = 'dir';
            for (const n of readdirSync(abs).sort())
                walk(rel ? join(rel, n) : n);
        }
        else
            out[rel] = `file:${(st.mode & 0o777).toString(8)}:${createHash('sha1').update(readFileSync(abs)).digest('hex')}`;
    };
    walk('');
    return out;
}
/** An HTTP proxy to the fake registry that rewrites tarball URLs to itself and can stall them. */
export async function stallingProxy(target) {
    let notify;
    const tarballRequested = new Promise((ok) => (notify = ok));
    const state = { stall: true };
    let url = '';
    const server = createServer(async (req, res) => {
        if (req.url.endsWith('.tgz') && state.stall) {
            notify();
            res.writeHead(200, { 'content-type': 'application/octet-stream' });
            res.flushHeaders(); // headers, then nothing: a stalled download
            return;
        }
        const r = await fetch(target + req.url, { headers: { accept: String(req.headers.accept ?? '*/*') } });
        const body = Buffer.from(await r.arrayBuffer());
        const text = req.url.endsWith('.tgz') ? body : Buffer.from(body.toString('utf8').split(target).join(url));
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json', 'content-length': text.length });
        res.end(text);
    });
    await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${server.address().port}`;
    return {
        url,
        get stall() {
            return state.stall;
        },
        set stall(v) {
            state.stall = v;
        },
        tarballRequested,
        close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
    };
}
/** Whether the live npm registry answers (live smoke tests skip when it does not). */
export async function liveRegistryReachable(registry, pkgName) {
    try {
        const r = await fetch(registry + pkgName, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
        return r.ok;
    }
    catch {
        return false;
    }
}
//# sourceMappingURL=helpers.js.map
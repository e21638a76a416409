import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry } from '../helpers/registry.js';
import { createPackumentClient, parseRequest, resolve } from '../../src/resolve/index.js';
const linux = { os: 'linux', cpu: 'x64', libc: 'glibc' };
const tree = [
    { name: 'app', version: '1.0.0', dependencies: { '@s/lib': '^1', util: '^1' } },
    { name: '@s/lib', version: '1.0.0', dependencies: { util: '^1' } },
    { name: 'util', version: '1.0.0' },
];
const metaRequests = (paths) => paths.filter((p) => !p.endsWith('.tgz'));
async function withTtl(seconds, fn) {
    const old = process.env.SSDP_METADATA_TTL;
    if (seconds === undefined)
        delete process.env.SSDP_METADATA_TTL;
    else
        process.env.SSDP_METADATA_TTL = seconds;
    try {
        return await fn();
    }
    finally {
        if (old === undefined)
            delete process.env.SSDP_METADATA_TTL;
        else
            process.env.SSDP_METADATA_TTL = old;
    }
}
test('metadata cache: no requests while fresh, 304 revalidation after the window, offline from cache', async () => {
    const reg = await startRegistry(tree);
    const cacheDir = await mkdtemp(join(tmpdir(), 'ssdp-meta-'));
    const opts = { registry: reg.url, cacheDir, platform: linux };
    try {
        const first = await withTtl(undefined, () => resolve([parseRequest('app')], opts));
        assert.deepEqual(metaRequests(reg.requests).sort(), ['@s/lib', 'app', 'util']);
        // Each packument is fetched once, and the cache holds one file per name.
        assert.equal((await readdir(join(cacheDir, (await readdir(cacheDir))[0]))).filter((f) => f.endsWith('.json')).length, 3);
        reg.requests.length = 0;
        const second = await withTtl(undefined, () => resolve([parseRequest('app')], opts));
        assert.deepEqual(reg.requests, []);
        assert.deepEqual(second, first);
        // TTL 0: always revalidate; the registry answers 304 and the cached copy is reused.
        const client = withTtl('0', async () => createPackumentClient({ registry: reg.url, cacheDir }));
        const c = await client;
        await c.get('app');
        assert.deepEqual(c.stats, { cacheHits: 0, fetched: 0, revalidated: 1 });
        const third = await withTtl('0', () => resolve([parseRequest('app')], opts));
        assert.deepEqual(third, first);
        // A new version appears: revalidation sees it once the window has passed.
        reg.add({ name: 'util', version: '1.1.0' });
        const stale = await withTtl(undefined, () => resolve([parseRequest('app')], opts));
        assert.equal(stale.packages.find((p) => p.name === 'util').version, '1.0.0');
        const fresh = await withTtl('0', () => resolve([parseRequest('app')], opts));
        assert.equal(fresh.packages.find((p) => p.name === 'util').version, '1.1.0');
        // Offline: only the cache, even when stale, and never the network.
        await reg.close();
        const offline = await withTtl('0', () => resolve([parseRequest('app')], { ...opts, offline: true }));
        assert.equal(offline.packages.length, 3);
        await assert.rejects(resolve([parseRequest('never-cached')], { ...opts, offline: true }), (e) => {
            assert.equal(e.code, 'E_OFFLINE_NO_METADATA');
            assert.match(e.message, /'never-cached'/);
            return true;
        });
    }
    finally {
        await reg.close();
    }
});
test('registry down: E_REGISTRY_UNREACHABLE mentioning offline use', async () => {
    const reg = await startRegistry(tree);
    const url = reg.url;
    await reg.close();
    const cacheDir = await mkdtemp(join(tmpdir(), 'ssdp-meta-'));
    await assert.rejects(resolve([parseRequest('app')], { registry: url, cacheDir, platform: linux }), (e) => {
        assert.equal(e.code, 'E_REGISTRY_UNREACHABLE');
        assert.ok(e.message.includes(`${url}/app`), e.message); // names the URL it tried
        assert.match(e.message, /\d tries/);
        assert.match(e.hint, /--offline/);
        return true;
    });
});
test('registry errors: HTTP 500 is reported, a stale cache is used instead with a warning', async () => {
    const reg = await startRegistry(tree);
    const cacheDir = await mkdtemp(join(tmpdir(), 'ssdp-meta-'));
    try {
        reg.failWith(500);
        await assert.rejects(resolve([parseRequest('app')], { registry: reg.url, cacheDir, platform: linux }), { code: 'E_REGISTRY_HTTP' });
        reg.failWith(undefined);
        await resolve([parseRequest('app')], { registry: reg.url, cacheDir, platform: linux });
        reg.failWith(503);
        const warnings = [];
        const lock = await withTtl('0', () => resolve([parseRequest('app')], { registry: reg.url, cacheDir, platform: linux, onWarning: (m) => warnings.push(m) }));
        assert.equal(lock.packages.length, 3);
        assert.ok(warnings.some((w) => /HTTP 503/.test(w)));
    }
    finally {
        await reg.close();
    }
});
test('fetches run in parallel as the tree is discovered, at most 16 at once', async () => {
    const versions = [{ name: 'root', version: '1.0.0', dependencies: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`leaf${i}`, '^1'])) }];
    for (let i = 0; i < 40; i++)
        versions.push({ name: `leaf${i}`, version: '1.0.0' });
    const reg = await startRegistry(versions);
    try {
        reg.delay(40);
        const lock = await resolve([parseRequest('root')], { registry: reg.url, cacheDir: await mkdtemp(join(tmpdir(), 'ssdp-meta-')), platform: linux });
        assert.equal(lock.packages.length, 41);
        assert.equal(metaRequests(reg.requests).length, 41);
        assert.ok(reg.maxInFlight >= 8, `only ${reg.maxInFlight} requests ran at once`);
        assert.ok(reg.maxInFlight <= 16, `${reg.maxInFlight} requests ran at once`);
    }
    finally {
        await reg.close();
    }
});
test('concurrent processes sharing one cache never leave a damaged or temporary file', async () => {
    const versions = [{ name: 'top', version: '1.0.0', dependencies: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`dep${i}`, '^1'])) }];
    for (let i = 0; i < 20; i++)
        versions.push({ name: `dep${i}`, version: '1.0.0' }, { name: `dep${i}`, version: '1.1.0' });
    const reg = await startRegistry(versions);
    const cacheDir = await mkdtemp(join(tmpdir(), 'ssdp-meta-'));
    const index = new URL('../../src/resolve/index.js', import.meta.url).href;
    const script = `
    const r = await import(${JSON.stringify(index)});
    for (let i = 0; i < 3; i++) {
      const lock = await r.resolve([r.parseRequest('top')], { registry: process.argv[1], cacheDir: process.argv[2], platform: { os: 'linux', cpu: 'x64' } });
      if (lock.packages.length !== 21) throw new Error('bad lock');
    }`;
    try {
        const { spawn } = await import('node:child_process');
        const runs = Array.from({ length: 4 }, () => new Promise((ok) => {
            const child = spawn(process.execPath, ['--input-type=module', '-e', script, reg.url, cacheDir], { env: { ...process.env, SSDP_METADATA_TTL: '0' }, stdio: ['ignore', 'ignore', 'inherit'] });
            child.on('exit', (code) => ok(code ?? 1));
        }));
        assert.deepEqual(await Promise.all(runs), [0, 0, 0, 0]);
        const folder = join(cacheDir, (await readdir(cacheDir))[0]);
        const files = await readdir(folder);
        assert.deepEqual(files.filter((f) => !f.endsWith('.json')), []);
        assert.equal(files.length, 21);
        const { readFile } = await import('node:fs/promises');
        for (const f of files)
            assert.ok(JSON.parse(await readFile(join(folder, f), 'utf8')).packument.versions);
    }
    finally {
        await reg.close();
    }
});
//# sourceMappingURL=metadata-cache.test.js.map
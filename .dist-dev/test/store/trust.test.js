/**
 * Trust in what is installed: a lock entry must get the package it names from a registry the
 * user configured, and a stored file edited in place (root ignores the read-only mode) is noticed
 * when linking and repaired by `ssdp clean --verify`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, existsSync, readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/cli.js';
import { pkg, setup } from '../env/helpers.js';
import { createStore } from '../../src/store/index.js';
import { lockFromRegistry, storeEntries, tarballRequests } from './fixtures/lock-helpers.js';
const swapTarball = (lock, name, from) => ({
    ...lock,
    packages: lock.packages.map((p) => (p.name === name ? { ...p, resolved: from.packages[0].resolved, integrity: from.packages[0].integrity } : p)),
});
test("a lock entry carrying another package's tarball and integrity is refused (E_LOCK_MISMATCH), with or without a download", async (t) => {
    const reg = await startRegistry([pkg('left-pad', '1.3.0'), pkg('is-odd', '3.0.1')]);
    t.after(() => reg.close());
    const leftPad = await lockFromRegistry(reg, [{ name: 'left-pad', version: '1.3.0', requested: true }]);
    const isOdd = await lockFromRegistry(reg, [{ name: 'is-odd', version: '3.0.1', requested: true }]);
    const forged = swapTarball(leftPad, 'left-pad', isOdd);
    const mismatch = (e) => {
        assert.equal(e.code, 'E_LOCK_MISMATCH');
        assert.match(e.message, /left-pad@1\.3\.0 .* holds is-odd@3\.0\.1/);
        assert.ok(e.message.includes(isOdd.packages[0].resolved));
        return true;
    };
    // Downloaded now: refused after fetching, nothing linked.
    const storeDir = join(tempDir(), 'store');
    const store = createStore({ storeDir });
    await store.ensure(forged);
    const prefix = join(tempDir(), 'env');
    await assert.rejects(store.link(forged, prefix), mismatch);
    assert.ok(!existsSync(join(prefix, 'lib/node_modules/left-pad')));
    // Already in the store (no download at all): refused the same way.
    const warm = createStore({ storeDir: join(tempDir(), 'store2') });
    await warm.ensure(isOdd);
    const before = tarballRequests(reg).length;
    await warm.ensure(forged);
    assert.equal(tarballRequests(reg).length, before, 'no download');
    await assert.rejects(warm.link(forged, join(tempDir(), 'env')), mismatch);
    // The honest locks install fine; a version written as v1.3.0 by hand is the same version.
    await store.ensure(leftPad);
    await store.link({ ...leftPad, packages: [{ ...leftPad.packages[0], version: 'v1.3.0' }] }, join(tempDir(), 'env'));
});
test('the CLI refuses a forged lockfile with a coded error and creates nothing', async () => {
    const ctx = await setup([pkg('left-pad', '1.3.0'), pkg('is-odd', '3.0.1')]);
    try {
        const leftPad = await lockFromRegistry(ctx.reg, [{ name: 'left-pad', version: '1.3.0', requested: true }]);
        const isOdd = await lockFromRegistry(ctx.reg, [{ name: 'is-odd', version: '3.0.1', requested: true }]);
        const { serializeLock } = await import('../../src/resolve/lockfile.js');
        const file = ctx.spec('forged.lock.json', serializeLock({ ...swapTarball(leftPad, 'left-pad', isOdd), requested: ['left-pad'] }));
        const r = await ctx.cli(['env', 'create', '-n', 'forged', '-f', file]);
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, /E_LOCK_MISMATCH/);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
        assert.ok(!existsSync(join(ctx.root, 'envs/forged')));
    }
    finally {
        await ctx.close();
    }
});
test('a resolved URL off the lock\'s registry is refused (E_LOCK_UNTRUSTED_HOST) unless the host is allowed', async (t) => {
    const home = await startRegistry([pkg('alpha', '1.0.0')]);
    const other = await startRegistry([pkg('alpha', '1.0.0')]);
    t.after(() => Promise.all([home.close(), other.close()]));
    const lock = { ...(await lockFromRegistry(other, [{ name: 'alpha', version: '1.0.0' }])), registry: home.url + '/' };
    const otherHost = new URL(other.url).host;
    await assert.rejects(createStore({ storeDir: join(tempDir(), 's') }).ensure(lock), (e) => {
        assert.equal(e.code, 'E_LOCK_UNTRUSTED_HOST');
        assert.ok(e.message.includes(lock.packages[0].resolved));
        assert.ok(e.hint.includes(`SSDP_ALLOWED_HOSTS=${otherHost}`));
        return true;
    });
    assert.equal(tarballRequests(other).length, 0, 'nothing was requested from the stranger');
    await createStore({ storeDir: join(tempDir(), 's'), allowedHosts: [otherHost] }).ensure(lock);
    assert.equal(tarballRequests(other).length, 1);
    // Same host, other scheme: a downgrade is not the registry either.
    const downgraded = { ...lock, registry: other.url.replace('http:', 'https:') };
    await assert.rejects(createStore({ storeDir: join(tempDir(), 's') }).ensure(downgraded), { code: 'E_LOCK_UNTRUSTED_HOST' });
});
test('a file:, data: or other non-http(s) resolved is refused (E_LOCK_UNTRUSTED_HOST) before anything is read, even with SSDP_ALLOWED_HOSTS=*', async (t) => {
    const reg = await startRegistry([pkg('left-pad', '1.3.0')]);
    t.after(() => reg.close());
    const lock = await lockFromRegistry(reg, [{ name: 'left-pad', version: '1.3.0', requested: true }]);
    // A real tarball of the right package on disk: it would install if the scheme were trusted.
    const dir = tempDir();
    const tgz = join(dir, 'left-pad-1.3.0.tgz');
    writeFileSync(tgz, Buffer.from(await (await fetch(lock.packages[0].resolved)).arrayBuffer()));
    const dataUrl = 'data:application/octet-stream;base64,' + 'A'.repeat(5000);
    for (const resolved of [pathToFileURL(tgz).href, 'file:///etc/passwd', pathToFileURL(join(dir, 'missing.tgz')).href, dataUrl, 'git+ssh://git@example.com/x.git', 'ftp://127.0.0.1/x.tgz']) {
        const forged = { ...lock, packages: [{ ...lock.packages[0], resolved }] };
        for (const allowedHosts of [[], ['*']]) {
            const storeDir = join(tempDir(), 'store');
            await assert.rejects(createStore({ storeDir, allowedHosts }).ensure(forged), (e) => {
                assert.equal(e.code, 'E_LOCK_UNTRUSTED_HOST', `${resolved.slice(0, 40)}: ${e.code} ${e.message}`);
                assert.match(e.message, /left-pad@1\.3\.0/);
                assert.ok(e.message.length < 400, 'a long URL is shortened: ' + e.message.length);
                assert.doesNotMatch(e.hint, /SSDP_ALLOWED_HOSTS=\.?$/);
                return true;
            });
            assert.deepEqual(storeEntries(storeDir), [], 'nothing stored');
        }
    }
    assert.equal(tarballRequests(reg).length, 1, 'only the test itself fetched the tarball');
});
test('a stored file edited in place through one env is noticed when the next env links it, and that entry is fetched again', async (t) => {
    const reg = await startRegistry([pkg('alpha', '1.0.0')]);
    t.after(() => reg.close());
    const lock = await lockFromRegistry(reg, [{ name: 'alpha', version: '1.0.0', requested: true }]);
    const storeDir = join(tempDir(), 'store');
    const store = createStore({ storeDir });
    await store.ensure(lock);
    const envA = join(tempDir(), 'a');
    await store.link(lock, envA);
    const fileA = join(envA, 'lib/node_modules/alpha/index.js');
    const original = readFileSync(fileA, 'utf8');
    appendFileSync(fileA, 'process.exit(66);\n'); // root writes through the read-only mode (elsewhere: chmod first)
    const warnings = [];
    const envB = join(tempDir(), 'b');
    await store.link(lock, envB, { onWarning: (w) => warnings.push(w) });
    assert.equal(readFileSync(join(envB, 'lib/node_modules/alpha/index.js'), 'utf8'), original);
    assert.ok(warnings.some((w) => /alpha@1\.0\.0 was damaged \(index\.js was changed in place\)/.test(w)), warnings.join('\n'));
    assert.equal(tarballRequests(reg).length, 2, 'fetched again');
    // Linking again now finds a clean entry: no further download, no warning.
    warnings.length = 0;
    await store.link(lock, join(tempDir(), 'c'), { onWarning: (w) => warnings.push(w) });
    assert.deepEqual(warnings, []);
    assert.equal(tarballRequests(reg).length, 2);
    // Offline, a damaged entry cannot be replaced: a coded error, not a silently tampered env.
    const envC = join(tempDir(), 'c2');
    appendFileSync(join(envB, 'lib/node_modules/alpha/index.js'), '// again\n');
    await assert.rejects(createStore({ storeDir, offline: true }).link(lock, envC), { code: 'E_STORE_DAMAGED' });
});
test('a stored entry with an unreadable index or a deleted file is fetched again when linking, or offline a coded E_STORE_DAMAGED naming it', async (t) => {
    const reg = await startRegistry([pkg('tiny-a', '1.0.0'), pkg('tiny-b', '1.0.0')]);
    t.after(() => reg.close());
    const lock = await lockFromRegistry(reg, [{ name: 'tiny-a', version: '1.0.0', requested: true }, { name: 'tiny-b', version: '1.0.0', requested: true }]);
    const storeDir = join(tempDir(), 'store');
    await createStore({ storeDir }).ensure(lock);
    const entries = storeEntries(storeDir);
    assert.equal(entries.length, 2);
    const indexOf = (name) => {
        const rel = entries.find((p) => JSON.parse(readFileSync(join(storeDir, 'pkgs', p), 'utf8')).name === name);
        return join(storeDir, 'pkgs', rel);
    };
    const bIndex = indexOf('tiny-b');
    const aIndex = indexOf('tiny-a');
    writeFileSync(bIndex, '{garbage\n');
    const aFile = join(dirname(aIndex), 'files', 'index.js');
    chmodSync(aFile, 0o644);
    unlinkSync(aFile);
    // Offline: nothing to fetch with, so a coded error that names the damage and the repair.
    await assert.rejects(createStore({ storeDir, offline: true }).link(lock, join(tempDir(), 'off')), (e) => {
        assert.equal(e.code, 'E_STORE_DAMAGED');
        assert.match(e.message, /tiny-a@1\.0\.0 is damaged \(index\.js was deleted\)/);
        assert.match(e.hint, /clean --verify/);
        return true;
    });
    // Online: both entries are fetched again, the env is whole, each warning says what was wrong.
    const warnings = [];
    const env = join(tempDir(), 'env');
    const store = createStore({ storeDir });
    await store.ensure(lock);
    await store.link(lock, env, { onWarning: (w) => warnings.push(w) });
    assert.ok(existsSync(join(env, 'lib/node_modules/tiny-a/index.js')));
    assert.ok(existsSync(join(env, 'lib/node_modules/tiny-b/index.js')));
    assert.ok(warnings.some((w) => w.includes(`tiny-b@1.0.0 was damaged (its index ${bIndex} is unreadable)`)), warnings.join('\n'));
    assert.ok(warnings.some((w) => w.includes('tiny-a@1.0.0 was damaged (index.js was deleted)')), warnings.join('\n'));
    await createStore({ storeDir, offline: true }).link(lock, join(tempDir(), 'again'));
});
test('ssdp clean --verify names the path of an unreadable index it removes or repairs', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0')]);
    try {
        assert.equal((await ctx.cli(['env', 'create', '-n', 'one', 'alpha'])).status, 0);
        const [rel] = storeEntries(join(ctx.root, 'store/v1'));
        const index = join(ctx.root, 'store/v1/pkgs', rel);
        writeFileSync(index, '{garbage\n');
        const r = await ctx.cli(['clean', '--verify']);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(r.stdout.includes(`its index ${index} is unreadable`), r.stdout);
    }
    finally {
        await ctx.close();
    }
});
test('ssdp clean --verify re-hashes the store and repairs an edit that kept size and mtime', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('beta', '2.0.0')]);
    try {
        assert.equal((await ctx.cli(['env', 'create', '-n', 'one', 'alpha', 'beta'])).status, 0);
        const file = join(ctx.root, 'envs/one/lib/node_modules/alpha/index.js');
        const original = readFileSync(file, 'utf8');
        const { mtime, atime } = statSync(file);
        // Same length, old mtime put back: invisible to the cheap size+mtime check.
        writeFileSync(file, original.replace('alpha', 'ALPHA'));
        utimesSync(file, atime, mtime);
        const r = await ctx.cli(['clean', '--verify']);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /Verified 2 packages .*repaired 1/);
        assert.match(r.stdout, /alpha@1\.0\.0: index\.js was changed; fetched again/);
        // A new env gets the clean file; a second verify finds nothing.
        assert.equal((await ctx.cli(['env', 'create', '-n', 'two', 'alpha'])).status, 0);
        assert.equal(readFileSync(join(ctx.root, 'envs/two/lib/node_modules/alpha/index.js'), 'utf8'), original);
        const again = await ctx.cli(['clean', '--verify', '--json']);
        assert.equal(JSON.parse(again.stdout).verify.repaired.length, 0);
        assert.equal(storeEntries(join(ctx.root, 'store/v1')).length, 2);
    }
    finally {
        await ctx.close();
    }
});
test("a lockfile's own registry field does not make its host trusted: env create -f LOCK names the file, the host and how to allow it", async () => {
    const ctx = await setup([pkg('alpha', '1.0.0')]);
    const other = await startRegistry([pkg('alpha', '1.0.0')]);
    try {
        // A hand-edited lock that names the stranger as its registry and fetches from it.
        const lock = await lockFromRegistry(other, [{ name: 'alpha', version: '1.0.0', requested: true }]);
        const { serializeLock } = await import('../../src/resolve/lockfile.js');
        const file = ctx.spec('elsewhere.lock.json', serializeLock({ ...lock, requested: ['alpha'] }));
        const host = new URL(other.url).host;
        let r = await ctx.cli(['env', 'create', '-n', 'x', '-f', file]);
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, /E_LOCK_UNTRUSTED_HOST/);
        assert.ok(r.stderr.includes(file), r.stderr);
        assert.ok(r.stderr.includes(`SSDP_ALLOWED_HOSTS=${host}`), r.stderr);
        assert.match(r.stderr, /npm config set registry/);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
        assert.equal(tarballRequests(other).length, 0, 'nothing was requested from the stranger');
        assert.ok(!existsSync(join(ctx.root, 'envs/x')));
        // Allowed by the user, it installs; and so does the same lock when that registry is the configured one.
        r = await ctx.cli(['env', 'create', '-n', 'x', '-f', file], { env: { SSDP_ALLOWED_HOSTS: host } });
        assert.equal(r.status, 0, r.stderr);
        r = await ctx.cli(['env', 'create', '-n', 'y', '-f', file], { env: { npm_config_registry: other.url } });
        assert.equal(r.status, 0, r.stderr);
    }
    finally {
        await Promise.all([ctx.close(), other.close()]);
    }
});
//# sourceMappingURL=trust.test.js.map
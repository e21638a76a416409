/**
 * Nothing half-written: a failing change (integrity mismatch) or a kill -9 in the middle of one
 * leaves the previous env byte-identical, and the next command works; two processes changing one
 * env at once serialise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup, snapshot, spawnCli, stallingProxy } from './helpers.js';
test('a failing install (integrity mismatch) leaves the env byte-identical', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
    try {
        let r = await ctx.cli(['env', 'create', '-n', 'safe', 'alpha']);
        assert.equal(r.status, 0, r.stderr);
        const prefix = join(ctx.root, 'envs/safe');
        const before = snapshot(prefix);
        ctx.reg.add({ ...pkg('evil', '1.0.0'), integrity: 'sha512-' + Buffer.alloc(64, 7).toString('base64') });
        r = await ctx.cli(['install', '-n', 'safe', 'evil', 'gamma']);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /integrity|E_INTEGRITY/i);
        assert.deepEqual(snapshot(prefix), before);
        assert.deepEqual(readdirSync(join(ctx.root, 'envs')), ['safe'], 'no staging folder is left behind');
    }
    finally {
        await ctx.close();
    }
});
test('kill -9 while a tarball download stalls leaves the old env; the next command works', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
    const proxy = await stallingProxy(ctx.reg.url);
    try {
        let r = await ctx.cli(['env', 'create', '-n', 'safe', 'alpha']);
        assert.equal(r.status, 0, r.stderr);
        const prefix = join(ctx.root, 'envs/safe');
        // A file of the user's own in the env: whole after the kill, and kept by the next change.
        mkdirSync(join(prefix, 'etc/ssdp/activate.d'), { recursive: true });
        writeFileSync(join(prefix, 'etc/ssdp/activate.d/mine.sh'), 'export MINE=1\n');
        const before = snapshot(prefix);
        const env = { ...ctx.env, npm_config_registry: proxy.url };
        // A create replacing the env (--force), killed while its download hangs.
        const { child, done } = spawnCli(['env', 'create', '--force', '-n', 'safe', 'gamma'], env);
        await proxy.tarballRequested;
        child.kill('SIGKILL');
        await done;
        assert.deepEqual(snapshot(prefix), before);
        proxy.stall = false;
        r = await ctx.cli(['install', '-n', 'safe', 'gamma'], { env: { npm_config_registry: proxy.url } });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(readFileSync(join(prefix, 'lib/node_modules/gamma/index.js'), 'utf8'), 'module.exports = "gamma@3.0.0";\n');
        assert.deepEqual(readdirSync(join(ctx.root, 'envs')), ['safe']);
        assert.equal(readFileSync(join(prefix, 'etc/ssdp/activate.d/mine.sh'), 'utf8'), 'export MINE=1\n');
    }
    finally {
        await proxy.close();
        await ctx.close();
    }
});
test('two concurrent installs into one env serialise: both packages end up in it', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('beta', '1.0.0'), pkg('gamma', '3.0.0')]);
    try {
        let r = await ctx.cli(['env', 'create', '-n', 'busy', 'alpha']);
        assert.equal(r.status, 0, r.stderr);
        const [a, b] = await Promise.all([ctx.cli(['install', '-n', 'busy', 'beta']), ctx.cli(['install', '-n', 'busy', 'gamma'])]);
        assert.equal(a.status, 0, a.stderr);
        assert.equal(b.status, 0, b.stderr);
        r = await ctx.cli(['list', '-n', 'busy', '--json']);
        assert.deepEqual(JSON.parse(r.stdout).map((x) => x.name), ['alpha', 'beta', 'gamma']);
        r = await ctx.cli(['list', '-n', 'busy', '--revisions', '--json']);
        assert.deepEqual(JSON.parse(r.stdout).map((x) => x.revision), [0, 1, 2]);
    }
    finally {
        await ctx.close();
    }
});
//# sourceMappingURL=atomic.test.js.map
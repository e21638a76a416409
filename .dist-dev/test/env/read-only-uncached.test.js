/**
 * Break N2 of the issue-8 tester: on a read-only root, a package whose metadata is not cached yet
 * must give E_NOT_WRITABLE like a cached one (not an EROFS stack from the metadata cache), and a
 * --dry-run needs no cache write at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI_ENTRY } from '../helpers/cli.js';
import { pkg, setup, snapshot } from './helpers.js';
const canMount = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;
function cliReadOnly(ro, args, env) {
    const script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"';
    const child = spawn('unshare', ['-m', 'sh', '-c', script, ro, process.execPath, CLI_ENTRY, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    return new Promise((ok) => child.on('close', (status) => ok({ status: status ?? -1, stdout, stderr })));
}
test('N2: a read-only root and a package with no cached metadata: E_NOT_WRITABLE, and --dry-run works without writing', { skip: !canMount && 'needs root and unshare -m' }, async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
    try {
        let r = await ctx.cli(['create', '-n', 'e', 'alpha']);
        assert.equal(r.status, 0, r.stderr);
        const before = snapshot(ctx.root);
        // gamma's metadata was never fetched, so each of these has to go to the registry first.
        for (const args of [['create', '-n', 'f', 'gamma'], ['install', '-n', 'e', 'gamma'], ['create', '-p', join(ctx.dir, 'rw'), 'gamma'], ['create', '-n', 'f', 'gamma', '--json']]) {
            r = await cliReadOnly(ctx.root, args, ctx.env);
            assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
            assert.match(r.stderr + r.stdout, /E_NOT_WRITABLE/, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
            assert.doesNotMatch(r.stderr + r.stdout, /unexpected error|E_INTERNAL|\n\s+at /, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
        }
        r = await cliReadOnly(ctx.root, ['install', '-n', 'e', 'gamma', '--dry-run'], ctx.env);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout + r.stderr, /gamma/);
        assert.deepEqual(snapshot(ctx.root), before);
    }
    finally {
        await ctx.close();
    }
});
//# sourceMappingURL=read-only-uncached.test.js.map
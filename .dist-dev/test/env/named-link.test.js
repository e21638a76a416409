/**
 * Break N1 of the issue-8 tester: a change through -n NAME where ROOT/envs/NAME is a symlink acts
 * on the env it points to and keeps the link, as -p through a link does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';
test('N1: install and create --force through -n NAME when ROOT/envs/NAME is a symlink change its target and keep the link', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
    try {
        const real = join(ctx.dir, 'G');
        let r = await ctx.cli(['create', '-p', real, 'alpha']);
        assert.equal(r.status, 0, r.stderr);
        writeFileSync(join(real, 'notes.txt'), 'mine\n');
        const link = join(ctx.root, 'envs', 'gl');
        mkdirSync(join(ctx.root, 'envs'), { recursive: true });
        symlinkSync(real, link);
        r = await ctx.cli(['install', '-n', 'gl', 'gamma']);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(lstatSync(link).isSymbolicLink(), 'the link stays a link');
        assert.ok(existsSync(join(real, 'lib/node_modules/gamma/index.js')), 'the real env got gamma');
        assert.equal(readFileSync(join(real, 'notes.txt'), 'utf8'), 'mine\n');
        r = await ctx.cli(['create', '-n', 'gl', 'gamma', '--force']);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(lstatSync(link).isSymbolicLink(), 'the link stays a link after create --force');
        assert.ok(!existsSync(join(real, 'lib/node_modules/alpha')), 'the real env was replaced');
        assert.ok(existsSync(join(real, 'lib/node_modules/gamma/index.js')));
        assert.equal(readFileSync(join(real, 'notes.txt'), 'utf8'), 'mine\n');
        r = await ctx.cli(['list', '-n', 'gl', '--json']);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /gamma/);
    }
    finally {
        await ctx.close();
    }
});
//# sourceMappingURL=named-link.test.js.map
/**
 * `--dry-run` of install, remove, update, env update and rollback: each reports the change it
 * would make and leaves the env byte for byte as it was (files, metadata, revisions).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup, snapshot } from './helpers.js';
test('--dry-run of install, remove, update, env update and install --revision changes nothing and says what would change', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0', { dependencies: { beta: '^1.0.0' } }), pkg('beta', '1.0.0'), pkg('beta', '1.2.0'), pkg('gamma', '3.0.0')]);
    try {
        let r = await ctx.cli(['create', '-n', 'd', 'beta@1.0.0']);
        assert.equal(r.status, 0, r.stderr);
        const prefix = join(ctx.root, 'envs', 'd');
        const before = snapshot(prefix);
        const dry = async (args, expect) => {
            const r = await ctx.cli([...args, '--dry-run']);
            assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
            assert.match(r.stdout, expect, args.join(' '));
            assert.match(r.stdout, /dry run: nothing was changed/);
            assert.deepEqual(snapshot(prefix), before, `${args.join(' ')} --dry-run changed the env`);
        };
        await dry(['install', '-n', 'd', 'alpha'], /Would change .*: 1 added, 0 removed, 0 changed[\s\S]*\+ alpha 1\.0\.0/);
        await dry(['remove', '-n', 'd', 'beta'], /0 added, 1 removed, 0 changed[\s\S]*- beta 1\.0\.0/);
        await dry(['update', '-n', 'd', 'beta@^1'], /0 added, 0 removed, 1 changed[\s\S]*beta 1\.0\.0 -> 1\.2\.0/);
        const spec = ctx.spec('d.yaml', 'name: d\ndependencies:\n  - beta=1.0\n  - gamma\n');
        await dry(['env', 'update', '-f', spec], /1 added[\s\S]*\+ gamma 3\.0\.0/);
        // JSON gives the same plan, machine-readable.
        r = await ctx.cli(['install', '-n', 'd', 'gamma', '--dry-run', '--json']);
        assert.equal(r.status, 0, r.stderr);
        const plan = JSON.parse(r.stdout);
        assert.equal(plan.dryRun, true);
        assert.deepEqual(plan.added, [{ path: 'gamma', to: '3.0.0' }]);
        // A real install, then a dry rollback to revision 0 names what would go.
        r = await ctx.cli(['install', '-n', 'd', 'gamma']);
        assert.equal(r.status, 0, r.stderr);
        const after = snapshot(prefix);
        r = await ctx.cli(['install', '-n', 'd', '--revision', '0', '--dry-run']);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /0 added, 1 removed[\s\S]*- gamma 3\.0\.0/);
        assert.deepEqual(snapshot(prefix), after);
        r = await ctx.cli(['list', '-n', 'd', '--revisions', '--json']);
        assert.equal(JSON.parse(r.stdout).length, 2, 'dry runs add no revision');
        // env update -f of an env that does not exist: would create it, and does not.
        const spec2 = ctx.spec('e.yaml', 'name: e\ndependencies:\n  - gamma\n');
        r = await ctx.cli(['env', 'update', '-f', spec2, '--dry-run']);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /Would create .*envs\/e: 1 added[\s\S]*\+ gamma 3\.0\.0/);
        assert.ok(!existsSync(join(ctx.root, 'envs', 'e')));
        // Errors stay errors under --dry-run.
        r = await ctx.cli(['remove', '-n', 'd', 'nothere', '--dry-run']);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /E_PACKAGE_NOT_IN_ENV/);
    }
    finally {
        await ctx.close();
    }
});
//# sourceMappingURL=dry-run.test.js.map
/**
 * create --force over an env whose lock.json is damaged cannot tell packages from the user's own
 * folders in lib/node_modules: nothing there may be deleted; what is not provably ssdp's is kept
 * under PREFIX/ssdp-kept/ and reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';
function findFile(dir, name) {
    for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
        if (e.isFile() && e.name === name)
            return join(e.parentPath, e.name);
    }
    return undefined;
}
test('create --force over an env with a damaged lock.json keeps the user folders in lib/node_modules', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
    try {
        const p = join(ctx.dir, 'p4');
        let r = await ctx.cli(['create', '-p', p, 'alpha', '-q']);
        assert.equal(r.status, 0, r.stderr);
        mkdirSync(join(p, 'lib/node_modules/myown'), { recursive: true });
        writeFileSync(join(p, 'lib/node_modules/myown/x.js'), 'own\n');
        mkdirSync(join(p, 'lib/node_modules/@me/scoped'), { recursive: true });
        writeFileSync(join(p, 'lib/node_modules/@me/scoped/y.js'), 'scoped\n');
        writeFileSync(join(p, 'ssdp-meta/lock.json'), '{broken');
        r = await ctx.cli(['install', '-p', p, 'gamma']);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /E_ENV_CORRUPT/);
        r = await ctx.cli(['create', '-p', p, 'gamma', '--force']);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(existsSync(join(p, 'lib/node_modules/gamma/index.js')));
        assert.ok(!existsSync(join(p, 'lib/node_modules/alpha')), 'the old package is not left in place');
        const kept = join(p, 'ssdp-kept');
        assert.ok(existsSync(kept), 'ssdp-kept/ holds what could not be told apart');
        const own = findFile(kept, 'x.js');
        assert.ok(own, 'myown/x.js kept');
        assert.equal(readFileSync(own, 'utf8'), 'own\n');
        const scoped = findFile(kept, 'y.js');
        assert.ok(scoped, '@me/scoped/y.js kept');
        assert.equal(readFileSync(scoped, 'utf8'), 'scoped\n');
        assert.match(r.stderr, /lock.*could not be read[\s\S]*ssdp-kept/);
    }
    finally {
        await ctx.close();
    }
});
//# sourceMappingURL=force-damaged-lock.test.js.map
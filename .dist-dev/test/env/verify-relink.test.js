/**
 * The s9 tester's N4: an edit through one env's hardlink (root ignores the store's read-only
 * modes) changed the stored file for every env; `clean --verify` repaired the store but left
 * every env holding the edited inode. Now it relinks those files from the repaired entry and
 * names each env; a file an env holds as its own copy (not the store's inode) is not touched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';
test('N4: clean --verify relinks every env that still holds an edited store file and names it; own copies are left alone', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
    try {
        const A = join(ctx.dir, 'A');
        const B = join(ctx.dir, 'B');
        const own = join(ctx.dir, 'own');
        for (const [p, pkgs] of [[A, ['alpha']], [B, ['alpha', 'gamma']], [own, ['alpha']]]) {
            const r = await ctx.cli(['create', '-p', p, ...pkgs, '-q']);
            assert.equal(r.status, 0, r.stderr);
        }
        const rel = 'lib/node_modules/alpha/index.js';
        const original = readFileSync(join(A, rel), 'utf8');
        // `own` holds its own copy (an editor that writes a new file does this), with its own edit.
        copyFileSync(join(own, rel), join(own, rel + '.tmp'));
        renameSync(join(own, rel + '.tmp'), join(own, rel));
        appendFileSync(join(own, rel), '// my own change\n');
        // The attack/accident: an in-place edit through A reaches the store and B.
        appendFileSync(join(A, rel), '//PWNED\n');
        assert.match(readFileSync(join(B, rel), 'utf8'), /PWNED/);
        let r = await ctx.cli(['clean', '--verify']);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /alpha@1\.0\.0: index\.js was changed; fetched again/);
        assert.match(r.stdout, new RegExp(`repaired env A \\(${A}\\): ${rel} now the clean copy`));
        assert.match(r.stdout, new RegExp(`repaired env B \\(${B}\\): ${rel} now the clean copy`));
        assert.doesNotMatch(r.stdout, /env own/);
        for (const p of [A, B])
            assert.equal(readFileSync(join(p, rel), 'utf8'), original, p);
        assert.equal(readFileSync(join(own, rel), 'utf8'), original + '// my own change\n', 'an own copy is the user\'s');
        // The envs now share the repaired store file again, and run it.
        assert.equal(statSync(join(A, rel)).ino, statSync(join(B, rel)).ino);
        r = await ctx.cli(['run', '-p', B, 'node', '-e', 'console.log(require("alpha"))']);
        assert.equal(r.stdout.trim(), 'alpha@1.0.0');
        assert.equal(readFileSync(join(B, 'lib/node_modules/gamma/index.js'), 'utf8'), 'module.exports = "gamma@3.0.0";\n');
        r = await ctx.cli(['clean', '--verify', '--json']);
        const v = JSON.parse(r.stdout).verify;
        assert.deepEqual([v.repaired, v.envs], [[], []]);
    }
    finally {
        await ctx.close();
    }
});
//# sourceMappingURL=verify-relink.test.js.map
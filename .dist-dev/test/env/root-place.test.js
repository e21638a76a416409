/**
 * The ssdp root may not be a folder that holds another root (that root would be locked out of
 * its own envs), nor $HOME or a folder containing it (cache/, envs/, locks/, store/ among the
 * user's files). Refused before anything is written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';
test('--root around an existing root, at $HOME or around $HOME is refused, and nothing is written', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0')]);
    try {
        let r = await ctx.cli(['create', '-n', 'a', 'alpha', '-q']);
        assert.equal(r.status, 0, r.stderr);
        const home = mkdtempSync(join(tmpdir(), 'ssdp-home-'));
        const cases = [
            [ctx.dir, /contains the ssdp root/],
            [home, /is your home folder/],
            ['~', /is your home folder/],
        ];
        for (const [root, why] of cases) {
            const before = readdirSync(ctx.dir).sort();
            r = await ctx.cli(['create', '-n', 'x', '--root', root, 'alpha'], { env: { HOME: home } });
            assert.equal(r.status, 1, `${root}: ${r.stdout}`);
            assert.match(r.stderr, /E_ROOT_PROTECTED/, root);
            assert.match(r.stderr, why, root);
            assert.deepEqual(readdirSync(ctx.dir).sort(), before, root);
            assert.deepEqual(readdirSync(home), [], root);
        }
        // A root holding $HOME: SSDP_ROOT=ctx.dir while HOME is below it.
        mkdirSync(join(ctx.dir, 'home2'));
        r = await ctx.cli(['env', 'list'], { env: { HOME: join(ctx.dir, 'home2'), SSDP_ROOT: ctx.dir } });
        assert.equal(r.status, 1);
        assert.match(r.stderr, /E_ROOT_PROTECTED/);
        // The existing root still works.
        r = await ctx.cli(['env', 'list']);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(existsSync(join(ctx.root, 'envs', 'a')));
        assert.ok(!existsSync(join(ctx.dir, 'envs')));
    }
    finally {
        await ctx.close();
    }
});
//# sourceMappingURL=root-place.test.js.map
/**
 * `create --force` replaces an env and nothing else: a project folder, $HOME, the root, the
 * store, `/` and any folder holding the root are refused every time, naming what is there, and
 * left exactly as they were. A file at -p is a clear error, not ENOTDIR.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup, snapshot } from './helpers.js';
test('create --force replaces only an env; other folders are refused and untouched', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
    try {
        // A project folder with sources: refused without and with --force, its entries named.
        const project = join(ctx.dir, 'project');
        mkdirSync(join(project, 'src'), { recursive: true });
        writeFileSync(join(project, 'main.ts'), 'console.log(1)\n');
        writeFileSync(join(project, 'README.md'), '# mine\n');
        const before = snapshot(project);
        let r = await ctx.cli(['create', '-p', project, 'alpha']);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /E_PREFIX_NOT_EMPTY/);
        assert.match(r.stderr, /README\.md, main\.ts, src/);
        assert.doesNotMatch(r.stderr, /--force/, 'the refusal must not recommend --force for a folder that is not an env');
        r = await ctx.cli(['create', '-p', project, '--force', 'alpha']);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /E_PREFIX_NOT_EMPTY.*not even with --force/s);
        assert.deepEqual(snapshot(project), before);
        // An existing env: refused without --force (which is then recommended), replaced with it.
        r = await ctx.cli(['create', '-n', 'e1', 'alpha']);
        assert.equal(r.status, 0, r.stderr);
        r = await ctx.cli(['create', '-n', 'e1', 'gamma']);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /E_ENV_EXISTS[\s\S]*--force/);
        r = await ctx.cli(['create', '-n', 'e1', '--force', 'gamma']);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(existsSync(join(ctx.root, 'envs/e1/lib/node_modules/gamma')));
        assert.ok(!existsSync(join(ctx.root, 'envs/e1/lib/node_modules/alpha')));
        // $HOME, the root, the store, the folder of named envs, a folder holding the root, `/`.
        const home = join(ctx.dir, 'home');
        mkdirSync(home);
        writeFileSync(join(home, '.bashrc'), 'export X=1\n');
        const guarded = [
            [home, /your home folder/],
            ['~', /your home folder/],
            [ctx.root, /is the ssdp root/],
            [join(ctx.root, 'store', 'v1'), /the package store/],
            [join(ctx.root, 'envs'), /the folder of all named envs/],
            [ctx.dir, /contains the ssdp root/],
            ['/', /the file system root|contains/],
        ];
        const rootBefore = snapshot(ctx.root);
        for (const [p, why] of guarded) {
            for (const force of [[], ['--force']]) {
                r = await ctx.cli(['create', '-p', p, ...force, 'alpha'], { env: { HOME: home } });
                assert.equal(r.status, 1, `${p} ${force}`);
                assert.match(r.stderr, /E_PREFIX_PROTECTED/, `${p}: ${r.stderr}`);
                assert.match(r.stderr, why, `${p}: ${r.stderr}`);
                assert.doesNotMatch(r.stderr, /unexpected error|\n\s+at /);
            }
        }
        assert.equal(readFileSync(join(home, '.bashrc'), 'utf8'), 'export X=1\n');
        assert.deepEqual(snapshot(ctx.root), rootBefore);
        // A plain file at -p, or on the way to it: a clear error, the file untouched.
        const file = join(ctx.dir, 'notes.txt');
        writeFileSync(file, 'keep me\n');
        for (const p of [file, join(file, 'env')]) {
            for (const args of [['create', '-p', p, '--force', 'alpha'], ['install', '-p', p, 'alpha'], ['list', '-p', p]]) {
                r = await ctx.cli(args);
                assert.equal(r.status, 1, args.join(' '));
                assert.match(r.stderr, /E_PREFIX_NOT_A_FOLDER/, r.stderr);
                assert.doesNotMatch(r.stderr, /ENOTDIR|\n\s+at /);
            }
        }
        assert.equal(readFileSync(file, 'utf8'), 'keep me\n');
    }
    finally {
        await ctx.close();
    }
});
//# sourceMappingURL=force.test.js.map
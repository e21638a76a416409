/**
 * Breaks B1-B3 of the env tester: a file written into an env while a change runs, a user's file
 * inside a package folder, and a project folder with an empty ssdp-meta/ are never deleted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';
test('B1: files written into the env while an install runs are all in the new revision', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
    try {
        let r = await ctx.cli(['create', '-n', 'w', 'alpha']);
        assert.equal(r.status, 0, r.stderr);
        const prefix = join(ctx.root, 'envs/w');
        mkdirSync(join(prefix, 'out'));
        const stop = join(ctx.dir, 'STOP');
        const log = join(ctx.dir, 'written.log');
        // Writes as fast as the shell can until told to stop; logs each write that succeeded.
        const writer = spawn('sh', ['-c', 'i=0; while [ ! -e "$STOP" ] && [ $i -lt 20000 ]; do i=$((i+1)); if (echo $i > "$A/out/r$i.txt") 2>/dev/null; then echo $i >> "$LOG"; fi; done'], {
            env: { ...process.env, STOP: stop, LOG: log, A: prefix },
            stdio: 'ignore',
        });
        const exited = new Promise((ok) => writer.on('close', ok));
        while (!existsSync(log))
            await new Promise((ok) => setTimeout(ok, 20));
        r = await ctx.cli(['install', '-n', 'w', 'gamma']);
        writeFileSync(stop, '');
        await exited;
        assert.equal(r.status, 0, r.stderr);
        const written = readFileSync(log, 'utf8').split('\n').filter(Boolean);
        const present = new Set(readdirSync(join(prefix, 'out')));
        const lost = written.filter((i) => !present.has(`r${i}.txt`));
        assert.deepEqual(lost, [], `${lost.length} of ${written.length} written files lost`);
        assert.ok(existsSync(join(prefix, 'lib/node_modules/gamma/index.js')));
    }
    finally {
        await ctx.close();
    }
});
test('B2: a user file inside a package folder stays with an unchanged package, and is kept aside when it changes', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('alpha', '1.1.0'), pkg('beta', '2.0.0', { dependencies: { alpha: '1.0.0' } }), pkg('gamma', '3.0.0')]);
    try {
        let r = await ctx.cli(['create', '-n', 'w', 'alpha@1.1.0', 'beta']);
        assert.equal(r.status, 0, r.stderr);
        const prefix = join(ctx.root, 'envs/w');
        const mods = join(prefix, 'lib/node_modules');
        assert.ok(existsSync(join(mods, 'beta/node_modules/alpha/index.js')), 'beta has its own alpha nested');
        writeFileSync(join(mods, 'beta/MYNOTES.txt'), 'mine\n');
        mkdirSync(join(mods, 'beta/node_modules/.cache'), { recursive: true });
        writeFileSync(join(mods, 'beta/node_modules/.cache/c'), 'c\n');
        writeFileSync(join(mods, 'alpha/notes.md'), 'alpha notes\n');
        r = await ctx.cli(['install', '-n', 'w', 'gamma']);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(readFileSync(join(mods, 'beta/MYNOTES.txt'), 'utf8'), 'mine\n');
        assert.equal(readFileSync(join(mods, 'beta/node_modules/.cache/c'), 'utf8'), 'c\n');
        assert.equal(readFileSync(join(mods, 'alpha/notes.md'), 'utf8'), 'alpha notes\n');
        assert.ok(!existsSync(join(prefix, 'ssdp-kept')), 'nothing changed under the packages, so nothing kept aside');
        // alpha changes version: its folder is the new package's; the note is kept aside and reported.
        r = await ctx.cli(['update', '-n', 'w', 'alpha@1.0.0']);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(readFileSync(join(mods, 'alpha/index.js'), 'utf8'), 'module.exports = "alpha@1.0.0";\n');
        assert.ok(!existsSync(join(mods, 'alpha/notes.md')));
        const kept = readdirSync(join(prefix, 'ssdp-kept'));
        assert.equal(kept.length, 1);
        assert.equal(readFileSync(join(prefix, 'ssdp-kept', kept[0], 'lib/node_modules/alpha/notes.md'), 'utf8'), 'alpha notes\n');
        assert.match(r.stderr, /warning: .*alpha\/notes\.md .*kept at .*ssdp-kept/);
        assert.equal(readFileSync(join(mods, 'beta/MYNOTES.txt'), 'utf8'), 'mine\n');
    }
    finally {
        await ctx.close();
    }
});
test('B3: a folder with an empty ssdp-meta/ is not an env: env remove refuses it and deletes nothing', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0')]);
    try {
        const project = join(ctx.dir, 'p2');
        mkdirSync(join(project, 'ssdp-meta'), { recursive: true });
        writeFileSync(join(project, 'main.py'), 'src\n');
        for (const args of [['env', 'remove', '-p', project, '--dry-run'], ['env', 'remove', '-p', project], ['create', '-p', project, '--force', 'alpha']]) {
            const r = await ctx.cli(args);
            assert.notEqual(r.status, 0, `${args.join(' ')}: ${r.stdout}`);
            assert.match(r.stderr, /not an ssdp env|not empty/, args.join(' '));
            assert.equal(readFileSync(join(project, 'main.py'), 'utf8'), 'src\n', args.join(' '));
        }
    }
    finally {
        await ctx.close();
    }
});
test('B3: env remove --dry-run names the user files a real remove deletes', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0')]);
    try {
        let r = await ctx.cli(['create', '-n', 'd', 'alpha']);
        assert.equal(r.status, 0, r.stderr);
        const prefix = join(ctx.root, 'envs/d');
        mkdirSync(join(prefix, 'data'));
        writeFileSync(join(prefix, 'data/results.csv'), '1\n');
        r = await ctx.cli(['env', 'remove', '-n', 'd', '--dry-run']);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /Would remove env d .*data\/results\.csv/);
        assert.ok(existsSync(join(prefix, 'data/results.csv')));
    }
    finally {
        await ctx.close();
    }
});
//# sourceMappingURL=user-data.test.js.map
/**
 * Break N3 of the issue-8 tester: a damaged ssdp-meta/history/NNNN.json is E_ENV_CORRUPT naming
 * the file, not a SyntaxError stack; `list --revisions` marks it and still lists the others.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup, snapshot } from './helpers.js';
test('N3: a damaged history file: list --revisions marks it damaged, --revision of it is E_ENV_CORRUPT naming it', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
    try {
        let r = await ctx.cli(['create', '-n', 'h', 'alpha']);
        assert.equal(r.status, 0, r.stderr);
        r = await ctx.cli(['install', '-n', 'h', 'gamma']);
        assert.equal(r.status, 0, r.stderr);
        const env = join(ctx.root, 'envs', 'h');
        const bad = join(env, 'ssdp-meta/history/0001.json');
        writeFileSync(bad, '{"revision":1');
        r = await ctx.cli(['list', '-n', 'h', '--revisions']);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^rev 0 .*create/m);
        assert.match(r.stdout, /^rev 1 +\(damaged: .*history\/0001\.json is damaged/m);
        assert.doesNotMatch(r.stdout + r.stderr, /SyntaxError|unexpected error|\n\s+at /);
        r = await ctx.cli(['list', '-n', 'h', '--revisions', '--json']);
        assert.equal(r.status, 0, r.stderr);
        const revs = JSON.parse(r.stdout);
        assert.deepEqual(revs.map((x) => [x.revision, !!x.damaged]), [[0, false], [1, true]]);
        assert.match(revs[1].damaged, /0001\.json/);
        const before = snapshot(env);
        r = await ctx.cli(['install', '-n', 'h', '--revision', '1']);
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, /E_ENV_CORRUPT/);
        assert.ok(r.stderr.includes(bad), r.stderr);
        assert.doesNotMatch(r.stderr, /SyntaxError|unexpected error|\n\s+at /);
        r = await ctx.cli(['install', '-n', 'h', '--revision', '1', '--json']);
        assert.equal(r.status, 1);
        assert.equal(JSON.parse(r.stdout).error.code, 'E_ENV_CORRUPT');
        assert.deepEqual(snapshot(env), before);
        // The healthy revisions still restore.
        r = await ctx.cli(['install', '-n', 'h', '--revision', '0']);
        assert.equal(r.status, 0, r.stderr);
        assert.doesNotMatch(JSON.stringify(JSON.parse(readFileSync(join(env, 'ssdp-meta/lock.json'), 'utf8'))), /gamma/);
    }
    finally {
        await ctx.close();
    }
});
test('item 3 (s10): env list marks an env with a damaged history file, text and --json; a healthy env stays unmarked', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
    try {
        for (const args of [['create', '-n', 'h', 'alpha'], ['install', '-n', 'h', 'gamma'], ['create', '-n', 'ok', 'alpha']]) {
            const r = await ctx.cli(args);
            assert.equal(r.status, 0, r.stderr);
        }
        writeFileSync(join(ctx.root, 'envs/h/ssdp-meta/history/0001.json'), '{"revision":1');
        let r = await ctx.cli(['env', 'list']);
        assert.equal(r.status, 0, r.stderr);
        const line = (n) => r.stdout.split('\n').find((l) => l.startsWith(n + ' ')) ?? '';
        assert.match(line('h'), /\(damaged history: revision 1 unreadable \(ssdp-meta\/history\/0001\.json\); the env works, but cannot go back to it; see: ssdp list --revisions\)$/);
        assert.doesNotMatch(line('ok'), /damaged/);
        r = await ctx.cli(['env', 'list', '--json']);
        const envs = JSON.parse(r.stdout);
        assert.deepEqual(envs.map((e) => [e.name, e.damagedRevisions ?? null, e.damaged ?? null]), [['h', [1], null], ['ok', null, null]]);
    }
    finally {
        await ctx.close();
    }
});
//# sourceMappingURL=damaged-history.test.js.map
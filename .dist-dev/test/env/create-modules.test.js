/**
 * A warm `env create` (every package in the store, the resolution remembered) is most of what a
 * user waits for, and loading modules is a large part of it (issue 13 item 4): it must load only
 * the CLI, the env and store layers and the lockfile's own helpers; never anything from
 * node_modules (yargs, yaml, semver, pacote, tar, execa), the resolver, the downloader, or the
 * graph/workflow/radar side. Node's own ESM debug log says which files were loaded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_ENTRY } from '../helpers/cli.js';
import { pkg, setup } from './helpers.js';
const ALLOWED = /^src\/(cli|env|store|shell|util)\/[a-z-/]+\.js$|^src\/resolve\/(lockfile|platform|registry-config)\.js$/;
/** Inside the allowed folders, what a warm create must not need: downloading, unpacking, scripts' execa. */
const COLD_ONLY = /^src\/store\/(fetch-package|fetch-tarball|unpack|verify)\.js$|^src\/env\/node-gyp\.js$/;
function loadedFiles(stderr) {
    const base = dirname(dirname(dirname(CLI_ENTRY))); // the build folder holding src/
    const urls = new Set(stderr.match(/file:\/\/[^\s'",)]+/g) ?? []);
    return [...urls].map((u) => relative(base, fileURLToPath(u))).sort();
}
test('a warm env create loads only the env and store layers', async () => {
    const ctx = await setup([pkg('alpha', '1.0.0', { dependencies: { beta: '^1.0.0' } }), pkg('beta', '1.2.0'), pkg('gamma', '3.0.0', { bin: { gamma: 'index.js' } })]);
    try {
        const cold = await ctx.cli(['env', 'create', '-n', 'first', 'alpha', 'gamma']);
        assert.equal(cold.status, 0, cold.stderr);
        // The same requests again: the store holds every package and the resolution is remembered.
        const warm = await ctx.cli(['env', 'create', '-n', 'second', 'alpha', 'gamma'], { env: { NODE_DEBUG: 'esm' } });
        assert.equal(warm.status, 0, warm.stderr);
        const files = loadedFiles(warm.stderr);
        assert.ok(files.includes('src/store/link.js') && files.includes('src/env/commit.js'), `not a create's modules: ${files.join(', ')}`);
        for (const f of files) {
            assert.match(f, ALLOWED, `warm create loaded ${f}`);
            assert.doesNotMatch(f, COLD_ONLY, `warm create loaded ${f}`);
        }
        // The log does show deeper modules: a request not seen before loads the resolver.
        const resolving = loadedFiles((await ctx.cli(['env', 'create', '-n', 'third', 'alpha@1', 'beta@1.2.0'], { env: { NODE_DEBUG: 'esm' } })).stderr);
        assert.ok(resolving.some((f) => f.startsWith('src/resolve/resolver')), `a new request resolves: ${resolving.join(', ')}`);
    }
    finally {
        await ctx.close();
    }
});
//# sourceMappingURL=create-modules.test.js.map
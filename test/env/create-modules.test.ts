/**
 * A warm `env create` (every package in the store, the resolution remembered) is most of what a
 * user waits for, and loading modules is a large part of it (issue 13 item 4): it must load only
 * the CLI, the env and store layers and the lockfile's own helpers; never anything from
 * node_modules (yargs, yaml, semver, pacote, tar, execa), the resolver, the downloader, or the
 * graph/workflow/radar side. Node's own ESM debug log says which files were loaded. The compiled
 * modules, not the bundle (SSDP_NO_BUNDLE): which of them a create loads is what the bundle holds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_SOURCE_ENTRY, tempDir } from '../helpers/cli.js';
import { pkg, setup } from './helpers.js';

const ALLOWED = /^src\/(cli|env|store|shell|util)\/[a-z-/]+\.js$|^src\/resolve\/(lockfile|platform|registry-config)\.js$/;
/**
 * Inside the allowed folders, what a warm create of packages without scripts must not need:
 * downloading, unpacking, scripts (their warning and execa), ssdp's version (read from package.json),
 * what only env remove or remove need, relinking after a store repair, the disk-full wording of a failed change, HTTP retries.
 */
const COLD_ONLY = /^src\/store\/(fetch-package|fetch-tarball|unpack|verify|scripts)\.js$|^src\/env\/(node-gyp|remove-env|prune|relink-repaired)\.js$|^src\/cli\/version\.js$|^src\/util\/(disk-full|http-retry)\.js$/;

function loadedFiles(stderr: string): string[] {
  const base = dirname(dirname(dirname(CLI_SOURCE_ENTRY))); // the build folder holding src/
  const urls = new Set(stderr.match(/file:\/\/[^\s'",)]+/g) ?? []);
  return [...urls].map((u) => relative(base, fileURLToPath(u))).sort();
}

test('a warm env create loads only the env and store layers', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0', { dependencies: { beta: '^1.0.0' } }), pkg('beta', '1.2.0'), pkg('gamma', '3.0.0', { bin: { gamma: 'index.js' } })]);
  try {
    const cold = await ctx.cli(['env', 'create', '-n', 'first', 'alpha', 'gamma']);
    assert.equal(cold.status, 0, cold.stderr);
    // The same requests again: the store holds every package and the resolution is remembered.
    const warm = await ctx.cli(['env', 'create', '-n', 'second', 'alpha', 'gamma'], { env: { NODE_DEBUG: 'esm', SSDP_NO_BUNDLE: '1' } });
    assert.equal(warm.status, 0, warm.stderr);
    const files = loadedFiles(warm.stderr);
    assert.ok(files.includes('src/store/link.js') && files.includes('src/env/commit.js'), `not a create's modules: ${files.join(', ')}`);
    for (const f of files) {
      assert.match(f, ALLOWED, `warm create loaded ${f}`);
      assert.doesNotMatch(f, COLD_ONLY, `warm create loaded ${f}`);
    }
    // Nor Node's crypto (OpenSSL's digest and random setup): the names a create makes are hashed
    // and drawn by src/util/light-hash.ts. Node's own list of loaded built-ins says, however loaded.
    const dir = tempDir();
    const list = join(dir, 'builtins.txt');
    writeFileSync(join(dir, 'record.cjs'), `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));`);
    const recorded = await ctx.cli(['env', 'create', '-n', 'fourth', 'alpha', 'gamma'], { env: { NODE_OPTIONS: `--require ${join(dir, 'record.cjs')}`, SSDP_NO_BUNDLE: '1' } });
    assert.equal(recorded.status, 0, recorded.stderr);
    const builtins = readFileSync(list, 'utf8').split('\n');
    rmSync(dir, { recursive: true, force: true });
    assert.ok(builtins.includes('NativeModule fs'), 'the list is read');
    assert.deepEqual(builtins.filter((m) => /crypto/.test(m)), [], 'warm create loaded crypto');
    // The log does show deeper modules: a request not seen before loads the resolver.
    const resolving = loadedFiles((await ctx.cli(['env', 'create', '-n', 'third', 'alpha@1', 'beta@1.2.0'], { env: { NODE_DEBUG: 'esm', SSDP_NO_BUNDLE: '1' } })).stderr);
    assert.ok(resolving.some((f) => f.startsWith('src/resolve/resolver')), `a new request resolves: ${resolving.join(', ')}`);
  } finally {
    await ctx.close();
  }
});

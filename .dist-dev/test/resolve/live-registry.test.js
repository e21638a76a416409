import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRequest, resolve } from '../../src/resolve/index.js';
test('live registry: semver@7 resolves from https://registry.npmjs.org/', async (t) => {
    const registry = 'https://registry.npmjs.org/';
    try {
        const r = await fetch(registry + 'semver', { method: 'HEAD', signal: AbortSignal.timeout(5000) });
        if (!r.ok)
            return t.skip(`registry answered HTTP ${r.status}`);
    }
    catch {
        return t.skip('registry unreachable');
    }
    const lock = await resolve([parseRequest('semver@7')], { registry, cacheDir: await mkdtemp(join(tmpdir(), 'ssdp-meta-')) });
    const semver = lock.packages.find((p) => p.name === 'semver');
    assert.equal(semver.path, 'semver');
    assert.match(semver.version, /^7\.\d+\.\d+$/);
    assert.match(semver.integrity, /^sha512-/);
    assert.deepEqual(semver.bin, { semver: 'bin/semver.js' });
    assert.equal(semver.requested, true);
});
//# sourceMappingURL=live-registry.test.js.map
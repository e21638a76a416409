import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { startRegistry } from './registry.js';
import { sri } from './tarball.js';
test('fake registry serves abbreviated packuments, 304s and verifiable tarballs', async () => {
    const reg = await startRegistry([
        { name: 'a', version: '1.0.0', dependencies: { b: '^1' }, files: { 'index.js': 'module.exports = 1' } },
        { name: '@s/b', version: '1.2.0', scripts: { postinstall: 'echo hi' } },
    ]);
    try {
        const r = await fetch(`${reg.url}/@s%2fb`, { headers: { accept: 'application/vnd.npm.install-v1+json' } });
        const doc = (await r.json());
        assert.equal(doc.versions['1.2.0'].hasInstallScript, true);
        assert.equal(doc['dist-tags'].latest, '1.2.0');
        const again = await fetch(`${reg.url}/@s%2fb`, { headers: { accept: 'application/vnd.npm.install-v1+json', 'if-none-match': r.headers.get('etag') } });
        assert.equal(again.status, 304);
        const a = (await (await fetch(`${reg.url}/a`)).json());
        const tgz = Buffer.from(await (await fetch(a.versions['1.0.0'].dist.tarball)).arrayBuffer());
        assert.equal(sri(tgz), a.versions['1.0.0'].dist.integrity);
        assert.match(gunzipSync(tgz).toString('latin1'), /package\/index\.js/);
        assert.equal((await fetch(`${reg.url}/nope`)).status, 404);
    }
    finally {
        await reg.close();
    }
});
//# sourceMappingURL=registry.test.js.map
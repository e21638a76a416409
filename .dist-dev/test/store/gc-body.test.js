/**
 * Regression: `env create` with node=20 and one dependency-free package intermittently failed
 * with E_BAD_ARCHIVE "Unrecognized archive format". The tarball body had yielded no bytes at all:
 * openTarball returned a not-yet-started generator over `res.body`, dropping the Response, and
 * while the unpacker awaited `import('tar')` a garbage collection ran undici's finalizer, which
 * cancels the body stream of a collected Response when nobody has locked it yet. A cancelled
 * stream reads as an empty one, so tar saw zero bytes. This test forces that collection
 * at exactly that point, so it fails every time without the fix, not one run in a few.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/cli.js';
import { buildPackageTarball, sri } from '../helpers/tarball.js';
import { openTarball } from '../../src/store/fetch-tarball.js';
import { unpackTarball } from '../../src/store/unpack.js';
import { parseIntegrity } from '../../src/store/integrity.js';
import { IntegrityVerifier } from '../../src/store/verify.js';
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
/** A full collection, then a turn of the event loop so FinalizationRegistry callbacks run. */
async function collect() {
    for (let i = 0; i < 3; i++) {
        gc();
        await sleep(5);
    }
}
test('a tarball body survives a garbage collection between opening the download and reading it', async (t) => {
    const manifest = { name: 'alpha', version: '1.0.0' };
    const tgz = buildPackageTarball(manifest, { 'index.js': 'module.exports = 1;\n' });
    const reg = await startRegistry([{ ...manifest, files: { 'index.js': 'module.exports = 1;\n' } }]);
    t.after(() => reg.close());
    const integrity = sri(tgz);
    for (let i = 0; i < 5; i++) {
        const source = await openTarball(`${reg.url}/alpha/-/alpha-1.0.0.tgz`, 'alpha@1.0.0');
        await collect(); // what `await import('tar')` and the rest of a busy CLI can trigger
        const dest = join(tempDir('ssdp-gc-'), 'files');
        const content = await unpackTarball(source, dest, new IntegrityVerifier(parseIntegrity(integrity, 'alpha@1.0.0'), 'alpha@1.0.0'), 'alpha@1.0.0');
        assert.deepEqual(content.files.map((f) => f[0]).sort(), ['index.js', 'package.json']);
        assert.equal(readFileSync(join(dest, 'index.js'), 'utf8'), 'module.exports = 1;\n');
    }
});
//# sourceMappingURL=gc-body.test.js.map
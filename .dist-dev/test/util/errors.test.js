import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';
test('no command: usage error with exit code 2 and a pointer to --help', () => {
    const r = runCli([]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /ssdp --help/);
});
test('hints read as sentences, but a hint opening with a command keeps its lower case', async () => {
    const { formatError, SsdpError } = await import('../../src/util/errors.js');
    assert.match(formatError(new SsdpError('E_X', 'm', { hint: 'delete it and run again' })), /hint: Delete it and run again\.$/m);
    assert.match(formatError(new SsdpError('E_X', 'm', { hint: 'ssdp never replaces a file it did not write' })), /hint: ssdp never replaces a file it did not write\.$/m);
    assert.match(formatError(new SsdpError('E_X', 'm', { hint: 'gdal_translate -co COMPRESS=DEFLATE in.tif out.tif' })), /hint: gdal_translate /m);
});
//# sourceMappingURL=errors.test.js.map
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

test('a secret in a URL is shown as ***: user:password, a lone token, and a query parameter named as a secret (tester s16 try13t MIN)', async () => {
  const { maskUrlCredentials, maskedUrl } = await import('../../src/util/errors.js');
  assert.equal(maskUrlCredentials("cannot fetch 'https://h.example/x.tgz?token=s3cret&v=1': 404"), "cannot fetch 'https://h.example/x.tgz?token=***&v=1': 404");
  assert.equal(maskUrlCredentials('https://b.example/x.tgz?X-Amz-Signature=ab12&X-Amz-Expires=60&sig=zz#frag'), 'https://b.example/x.tgz?X-Amz-Signature=***&X-Amz-Expires=60&sig=***#frag');
  assert.equal(maskUrlCredentials('git+https://u:pw@h.example/r.git?api_key=k1'), 'git+https://u:***@h.example/r.git?api_key=***');
  assert.equal(maskUrlCredentials('see https://h.example/x?v=1&monkey=2 and ?token=x'), 'see https://h.example/x?v=1&monkey=2 and ?token=x');
  assert.equal(maskedUrl('https://u:p@ss@h.example/x.tgz?access_token=t'), 'https://u:***@h.example/x.tgz?access_token=***');
  assert.equal(maskedUrl('https://h.example/x.tgz?Token=t'), 'https://h.example/x.tgz?Token=***');
});

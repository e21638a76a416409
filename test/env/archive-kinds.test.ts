/**
 * Tarballs that are not gzip (tester s14 try13c ZS1): a zstd-compressed .tgz, from a file: spec
 * and from a tarball URL, crashed ssdp with tar's TypeError and its whole minified source. Now a
 * coded E_BAD_ARCHIVE naming the spec and the file or URL. Real CLI, real HTTP server on 127.0.0.1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildPackageTarball } from '../helpers/tarball.js';
import { tarballServer } from '../helpers/tarball-server.js';
import { pkg, setup } from './helpers.js';

/** A valid zstd frame holding `data` as one raw block (what `zstd` writes for incompressible input). */
function zstdFrame(data: Buffer): Buffer {
  assert.ok(data.length >= 256 && data.length < 65_536 + 256);
  const size = Buffer.alloc(2);
  size.writeUInt16LE(data.length - 256); // Frame_Content_Size, 2-byte form
  const block = data.length * 8 + 1; // Block_Size << 3 | raw (0) << 1 | Last_Block
  return Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x60]), size, Buffer.from([block & 0xff, (block >> 8) & 0xff, block >> 16]), data]);
}

test('ZS1: a zstd tarball (file: and URL) is E_BAD_ARCHIVE naming it, not a TypeError with tar\'s source', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  const zz = zstdFrame(gunzipSync(buildPackageTarball({ name: 'tbpkg', version: '1.0.0' }, { 'index.js': 'module.exports = 1;\n' })));
  const server = await tarballServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(zz);
  });
  try {
    const file = join(ctx.dir, 'zz.tgz');
    writeFileSync(file, zz);
    for (const [spec, where] of [['./zz.tgz', file], [`${server.url}/zz.tgz`, `${server.url}/zz.tgz`]]) {
      const r = await ctx.cli(['env', 'create', '-n', 'tz', spec], { cwd: ctx.dir });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /E_BAD_ARCHIVE/, r.stderr);
      assert.ok(r.stderr.includes(`${where} is a zstd file, not a gzipped tarball`), r.stderr);
      assert.ok(r.stderr.length < 2000, `${r.stderr.length} bytes of error`);
      assert.doesNotMatch(r.stderr, /TypeError|index\.min\.js/);
      assert.equal(existsSync(join(ctx.root, 'envs', 'tz')), false);
    }
  } finally {
    await server.close();
    await ctx.close();
  }
});

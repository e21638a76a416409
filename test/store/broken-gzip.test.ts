// Tester breaks F1 and F2 (s11 try8): a tarball that is a gzip header followed by junk made the
// command exit 13 printing nothing (the parser errored, the download waited for a 'drain' that
// never came), and a tarball cut in half but served as complete gave an "unexpected error:
// ZlibError" stack. Both bytes differ from the registry's integrity: E_INTEGRITY naming the
// URL, exit 1, nothing installed. The registry's own bytes that are no archive: E_BAD_ARCHIVE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildPackageTarball, sri } from '../helpers/tarball.js';
import { setup } from '../env/helpers.js';

const FILES = { 'index.js': `module.exports = ${JSON.stringify('x'.repeat(20000))};\n`, 'README.md': 'y'.repeat(5000) };
const full = buildPackageTarball({ name: 'lp', version: '1.0.0' }, FILES);
const JUNK = Buffer.from('1f8b0800000000000003ffffffff', 'hex');

for (const [label, body, integrity, code] of [
  ['F1: gzip header then junk', JUNK, sri(full), 'E_INTEGRITY'],
  ['F2: the first half, served as complete', full.subarray(0, full.length >> 1), sri(full), 'E_INTEGRITY'],
  ['the registry\'s own bytes are junk gzip', JUNK, sri(JUNK), 'E_BAD_ARCHIVE'],
  ['the registry\'s own bytes are a cut gzip', full.subarray(0, full.length >> 1), sri(full.subarray(0, full.length >> 1)), 'E_BAD_ARCHIVE'],
] as const) {
  test(`${label}: ${code} naming the URL, exit 1, no stack, nothing installed`, async () => {
    const ctx = await setup([{ name: 'lp', version: '1.0.0', files: FILES, tarball: body, integrity }]);
    try {
      for (const json of [false, true]) {
        const prefix = join(ctx.dir, `e-${json}`);
        const r = await ctx.cli(['env', 'create', '-p', prefix, 'lp', ...(json ? ['--json'] : [])]);
        assert.equal(r.status, 1, `exit ${r.status}: ${r.stdout}${r.stderr}`);
        const text = json ? r.stdout : r.stderr;
        assert.match(text, new RegExp(code));
        assert.match(text, /lp@1\.0\.0/);
        assert.match(text, /downloaded from http:\/\/127\.0\.0\.1:\d+\/lp\/-\/lp-1\.0\.0\.tgz/);
        assert.doesNotMatch(r.stdout + r.stderr, /unexpected error|ZlibError|E_INTERNAL|\n\s+at /);
        assert.ok(!existsSync(prefix));
      }
    } finally {
      await ctx.close();
    }
  });
}

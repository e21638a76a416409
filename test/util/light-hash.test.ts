/**
 * src/util/light-hash.ts names files that older ssdp versions named with node:crypto (the env
 * lock, the resolution cache): its SHA-256 must be node:crypto's, byte for byte, at every length
 * around the 64-byte block edges and for text beyond ASCII.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { randomHex, sha256Hex } from '../../src/util/light-hash.js';

test('sha256Hex is SHA-256 of the UTF-8 text', () => {
  const texts = ['', 'abc', '/home/user/envs/bench', 'ä€𝄞 ünïcode', JSON.stringify({ v: 1, requested: ['typescript', 'eslint'] })];
  for (const n of [1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 70_000]) texts.push('x'.repeat(n - 1) + String.fromCharCode(32 + (n % 90)));
  for (const t of texts) assert.equal(sha256Hex(t), createHash('sha256').update(t).digest('hex'), `length ${t.length}`);
});

test('randomHex gives the asked number of bytes as hex, different each call', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 100; i++) {
    const h = randomHex(6);
    assert.match(h, /^[0-9a-f]{12}$/);
    seen.add(h);
  }
  assert.equal(seen.size, 100);
});

/**
 * readText's strict UTF-8 check names the first bad byte where Python's UnicodeDecodeError.start
 * does (Dask's read_text raises it), for the multi-byte edges: a character cut at the end, stray
 * continuation bytes, overlong forms, surrogates, 4-byte characters and values past U+10FFFF.
 * firstBadUtf8 is the plain one-pass scan that replaced a binary search over isUtf8 prefixes.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bag, shutdownDefaultPools } from '../../src/index.js';
import { firstBadUtf8 } from '../../src/collections/bag-io.js';
import { dask, NO_DASK } from '../helpers/dask.js';

const dir = mkdtempSync(join(tmpdir(), 'ssdp-utf8-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
  return shutdownDefaultPools();
});

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const EDGES: Buffer[] = [
  hex('61 e2 82'), // € cut at the end
  hex('61 e2 82 ac f0 9f 98'), // € then a 4-byte emoji cut at the end
  hex('f0 9f 98 80 61 f0 9f 98 80 62 80'), // two 4-byte characters, then a stray continuation byte
  hex('c0 80'), // overlong NUL
  hex('61 c1 bf'), // overlong, 2 bytes
  hex('61 e0 80 af'), // overlong, 3 bytes
  hex('62 f0 80 80 af'), // overlong, 4 bytes
  hex('63 ed a0 80 64'), // surrogate U+D800
  hex('ed 9f bf ed bf bf'), // U+D7FF valid, then surrogate U+DFFF
  hex('f4 8f bf bf f4 90 80 80'), // U+10FFFF valid, then past it
  hex('f5 80 80 80'), // never a start byte
  hex('ff'),
  hex('e2 28 a1'), // a bad second byte
  hex('e2 82 28'), // a bad third byte
  hex('f0 9f 98 28'), // a bad fourth byte
  hex('c3 a9 c3'), // é, then a cut é
  hex('ef bb bf 61 80'), // BOM, a, stray
];

function fuzzCases(): Buffer[] {
  // multi-byte pieces, some cut or damaged, joined at random (a fixed LCG: the same every run)
  const pieces = ['61', 'c3a9', 'e282ac', 'f09f9880', 'ed9fbf', 'eda080', 'c0', 'e0a0', 'f4908080', '80', 'bf', 'f09f', 'ee8080', 'efbfbf', 'f48fbfbf'];
  let seed = 12345;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  return Array.from({ length: 300 }, () => hex(Array.from({ length: 1 + rnd(8) }, () => pieces[rnd(pieces.length)]).join('')));
}

test('the first bad UTF-8 byte is where Python\'s UnicodeDecodeError starts: multi-byte edges and 300 random mixes', { skip: NO_DASK }, async () => {
  const all = [...EDGES, ...fuzzCases()];
  const py = dask<number[]>(`import sys
out = []
for h in ${JSON.stringify(all.map((b) => b.toString('hex')))}:
    try:
        bytes.fromhex(h).decode('utf-8'); out.append(-1)
    except UnicodeDecodeError as e:
        out.append(e.start)
print(json.dumps(out))`);
  assert.deepEqual(all.map((b) => firstBadUtf8(b)), py);
  assert.ok(py.slice(0, EDGES.length).every((p) => p >= 0));
  // through readText, as a user meets it: the message names the byte Python names
  for (const [i, b] of EDGES.entries()) {
    const file = join(dir, `edge-${i}.txt`);
    writeFileSync(file, b);
    await assert.rejects(bag.readText(file).compute({ scheduler: 'sync' }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'E_BAG_ENCODING');
      assert.match(e.message, new RegExp(`: byte ${py[i]} \\(0x${b[py[i]!]!.toString(16).padStart(2, '0')}\\)`));
      return true;
    });
  }
});

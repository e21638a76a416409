import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { crc32, openZip, readEntry, readZip, writeZip } from '../../src/radar/index.js';
import { crc32Portable } from '../../src/radar/crc32.js';
import { pythonCode } from './python.js';
const tmp = () => mkdtempSync(join(tmpdir(), 'ssdp-radar-zip-'));
const noise = randomBytes(10_000);
function sampleEntries() {
    const text = Buffer.from('radar '.repeat(5000));
    return [
        { name: 'radar_2011010000.tif', data: text },
        { name: 'noise.bin', data: noise }, // incompressible: stored
        { name: 'empty.txt', data: new Uint8Array(0) },
        { name: 'dir/ünïcode.txt', data: Buffer.from('å ä ö'), mtime: new Date(Date.UTC(2020, 10, 1, 12, 34, 56)) },
    ];
}
test('crc32: native and portable implementations agree with the known check value', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32Portable(Buffer.from('123456789')), 0xcbf43926);
    const data = randomBytes(100_000);
    assert.equal(crc32(data), crc32Portable(data));
});
test('zip: what writeZip writes, readZip reads back (stored and deflated entries)', () => {
    const dir = tmp();
    try {
        for (const level of [0, 1, 6, 9]) {
            const file = join(dir, `a${level}.zip`);
            writeFileSync(file, writeZip(sampleEntries(), { level }));
            const back = readZip(file);
            assert.deepEqual([...back.keys()], sampleEntries().map((e) => e.name));
            for (const e of sampleEntries())
                assert.deepEqual(Buffer.from(back.get(e.name)), Buffer.from(e.data));
            const methods = openZip(file).entries.map((e) => e.method);
            assert.deepEqual(methods, level === 0 ? [0, 0, 0, 0] : [8, 0, 0, 0]);
        }
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
test("zip: Python's zipfile reads our archives and their CRCs check out; we read Python's", () => {
    const dir = tmp();
    try {
        const ours = join(dir, 'ours.zip');
        writeFileSync(ours, writeZip(sampleEntries()));
        const out = pythonCode(`import sys, zipfile, hashlib
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
for i in z.infolist(): print(i.filename, i.file_size, hashlib.sha256(z.read(i)).hexdigest(), i.date_time)
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as w:
    w.writestr('a.txt', 'hello ' * 1000)
    w.writestr(zipfile.ZipInfo('b.bin'), bytes(range(256)) * 10, compress_type=zipfile.ZIP_STORED)
`, [ours, join(dir, 'theirs.zip')]);
        const lines = out.trim().split('\n');
        assert.equal(lines.length, 4);
        assert.match(lines[3], /^dir\/ünïcode\.txt 8 \S+ \(2020, 11, 1, 12, 34, 56\)$/);
        const theirs = readZip(join(dir, 'theirs.zip'));
        assert.equal(Buffer.from(theirs.get('a.txt')).toString(), 'hello '.repeat(1000));
        assert.equal(theirs.get('b.bin').length, 2560);
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
test('zip: a truncated, corrupted or non-zip file is E_RADAR_BAD_ZIP naming the file', () => {
    const dir = tmp();
    try {
        const good = writeZip(sampleEntries());
        const cases = [
            ['truncated.zip', good.subarray(0, Math.floor(good.length * 0.6)), /truncated\.zip.*end-of-central-directory/],
            ['text.zip', Buffer.from('this is not a zip file at all, just some text'), /text\.zip/],
            ['tiny.zip', Buffer.from('PK'), /tiny\.zip.*2 bytes/],
        ];
        for (const [name, bytes, re] of cases) {
            const file = join(dir, name);
            writeFileSync(file, bytes);
            assert.throws(() => readZip(file), (e) => e.code === 'E_RADAR_BAD_ZIP' && re.test(e.message), name);
        }
        // A flipped byte inside the deflated entry: inflate or CRC fails, naming archive and entry.
        const file = join(dir, 'flipped.zip');
        const bad = Buffer.from(good);
        const zip = openZip((writeFileSync(file, good), file));
        const e0 = zip.entries[0];
        bad[e0.localOffset + 30 + e0.name.length + 20] ^= 0xff;
        writeFileSync(file, bad);
        const z = openZip(file);
        assert.throws(() => readEntry(z, z.entries[0]), (e) => e.code === 'E_RADAR_BAD_ZIP' && e.message.includes('flipped.zip') && e.message.includes('radar_2011010000.tif'));
        // Missing file.
        assert.throws(() => openZip(join(dir, 'nope.zip')), /E?cannot read .*nope\.zip/);
        assert.equal(readFileSync(join(dir, 'truncated.zip')).length < good.length, true);
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
//# sourceMappingURL=zip.test.js.map
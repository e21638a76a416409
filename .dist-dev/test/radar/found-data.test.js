/**
 * Breaks R1, R3, R6, R8 of the independent radar test: data ssdp did not synthesise is never
 * replaced by the synthetic source, a day holds one image per timestamp, a zip with a stub in front
 * is read, and a bad SMHI base URL or an HTML answer is said plainly. Real files, a real HTTP server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadSmhiDays, readDay, readZip, syntheticDayZip, writeSyntheticDays, writeZip } from '../../src/radar/index.js';
import { isSyntheticZip, writeSyntheticDay } from '../../src/radar/synthetic.js';
import { fetchDay } from '../../src/radar/pipeline/index.js';
const tmp = () => mkdtempSync(join(tmpdir(), 'ssdp-radar-found-'));
function isErr(code, ...parts) {
    return (e) => {
        assert.equal(e.code, code, e.message);
        for (const p of parts) {
            if (typeof p === 'string')
                assert.ok(`${e.message} ${e.hint ?? ''}`.includes(p), `"${e.message}" / "${e.hint}" should name ${p}`);
            else
                assert.match(`${e.message} ${e.hint ?? ''}`, p);
        }
        return true;
    };
}
/** A day re-zipped by another tool (no ssdp mark), like an SMHI download or a user's archive. */
function rezipped(src) {
    const entries = [...readZipBuffer(src)].map(([name, data]) => ({ name, data }));
    return writeZip(entries, { level: 6 });
}
function readZipBuffer(buf) {
    const dir = tmp();
    try {
        writeFileSync(join(dir, 'x.zip'), buf);
        return readZip(join(dir, 'x.zip'));
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
test('R1: the synthetic source refuses to replace a day zip it did not write, and says to use source=local', async () => {
    const dir = tmp();
    try {
        const synth = syntheticDayZip({ seed: 3, date: '2020-11-01', imagesPerDay: 2 });
        const theirs = rezipped(synth);
        const path = join(dir, '2020-11-01.zip');
        writeFileSync(path, theirs);
        assert.equal(isSyntheticZip(path), false);
        assert.throws(() => writeSyntheticDay({ dir, date: '2020-11-01', seed: 3, imagesPerDay: 2 }), isErr('E_RADAR_NOT_SYNTHETIC', path, 'source=local'));
        await assert.rejects(writeSyntheticDays({ dir, start: '2020-11-01', days: 1, seed: 3, imagesPerDay: 2 }), isErr('E_RADAR_NOT_SYNTHETIC', path));
        assert.ok(readFileSync(path).equals(theirs), 'the found data is untouched');
        // ssdp's own synthetic days (marked) are rewritten, e.g. for another seed.
        const other = join(dir, 'other');
        writeSyntheticDay({ dir: other, date: '2020-11-01', seed: 4, imagesPerDay: 2 });
        assert.equal(isSyntheticZip(join(other, '2020-11-01.zip')), true);
        writeSyntheticDay({ dir: other, date: '2020-11-01', seed: 3, imagesPerDay: 2 });
        assert.ok(readFileSync(join(other, '2020-11-01.zip')).equals(synth));
        // A synthetic day written before the mark existed (same bytes, no comment) is recognised too.
        const unmarked = Buffer.from(synth.subarray(0, synth.length - readZipComment(synth).length));
        unmarked.writeUInt16LE(0, unmarked.length - 2);
        writeFileSync(path, unmarked);
        assert.equal(isSyntheticZip(path), false);
        writeSyntheticDay({ dir, date: '2020-11-01', seed: 3, imagesPerDay: 2 });
        assert.ok(readFileSync(path).equals(synth));
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
function readZipComment(zip) {
    for (let i = zip.length - 22; i >= 0; i--)
        if (zip.readUInt32LE(i) === 0x06054b50)
            return zip.toString('latin1', i + 22, i + 22 + zip.readUInt16LE(i + 20));
    return '';
}
test('R3: two images for one timestamp (raw/ and qc/ folders, or one name stored twice) are refused, naming the zip and the time', async () => {
    const dir = tmp();
    try {
        const images = [...readZipBuffer(syntheticDayZip({ seed: 5, date: '2020-11-01', imagesPerDay: 3 }))];
        const folders = join(dir, '2020-11-01.zip');
        writeFileSync(folders, writeZip([...images.map(([n, d]) => ({ name: `raw/${n}`, data: d })), ...images.map(([n, d]) => ({ name: `qc/${n}`, data: d }))]));
        await assert.rejects(readDay(folders), isErr('E_RADAR_DUPLICATE_TIME', folders, '2020-11-01T00:00:00Z', 'qc/radar_2011010000.tif', 'raw/radar_2011010000.tif'));
        const twice = join(dir, 'sub', '2020-11-01.zip');
        rmSync(join(dir, 'sub'), { recursive: true, force: true });
        await writeSyntheticDays({ dir: join(dir, 'sub'), start: '2020-11-01', days: 1, seed: 5, imagesPerDay: 3 });
        writeFileSync(twice, writeZip([...images, images[1]].map(([n, d]) => ({ name: n, data: d }))));
        await assert.rejects(readDay(twice), isErr('E_RADAR_DUPLICATE_TIME', twice, 'stored twice'));
        // One image per time is fine.
        writeFileSync(twice, writeZip(images.map(([n, d]) => ({ name: n, data: d }))));
        assert.equal((await readDay(twice)).length, 3);
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
test('R6: a zip with a self-extracting stub in front is read like unzip reads it', async () => {
    const dir = tmp();
    try {
        const zip = syntheticDayZip({ seed: 6, date: '2020-11-01', imagesPerDay: 2 });
        const path = join(dir, '2020-11-01.zip');
        writeFileSync(path, Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), Buffer.alloc(1000), zip]));
        const plain = join(dir, 'plain', '2020-11-01.zip');
        await writeSyntheticDays({ dir: join(dir, 'plain'), start: '2020-11-01', days: 1, seed: 6, imagesPerDay: 2 });
        const [a, b] = [await readDay(path), await readDay(plain)];
        assert.equal(a.length, 2);
        assert.deepEqual(a.map((i) => i.name), b.map((i) => i.name));
        assert.ok(Buffer.from(a[1].pixels).equals(Buffer.from(b[1].pixels)));
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
test('R8: an SMHI base URL without http:// is refused at once; an HTML answer is named as HTML, not retried', async () => {
    const dir = tmp();
    let hits = 0;
    const server = http.createServer((_req, res) => {
        hits++;
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const port = server.address().port;
    try {
        await assert.rejects(downloadSmhiDays({ dir, start: '2020-11-01', days: 1, baseUrl: `127.0.0.1:${port}`, backoffMs: 1 }), isErr('E_RADAR_BAD_URL', `'127.0.0.1:${port}'`, 'smhi-url'));
        assert.equal(hits, 0);
        await assert.rejects(downloadSmhiDays({ dir, start: '2020-11-01', days: 1, baseUrl: `http://127.0.0.1:${port}`, backoffMs: 1 }), (e) => {
            assert.equal(e.code, 'E_RADAR_DOWNLOAD');
            assert.match(e.message, /HTML/);
            assert.doesNotMatch(e.message, /\.\.$/);
            assert.doesNotMatch(e.hint ?? '', /\.part/, 'no .part is left to resume');
            return true;
        });
        assert.equal(hits, 1);
        assert.equal(existsSync(join(dir, '2020-11-01.zip.part')), false);
    }
    finally {
        server.close();
        rmSync(dir, { recursive: true, force: true });
    }
});
test('R9: --param data naming a file is said to be a file, not a folder, for every source', async () => {
    const dir = tmp();
    try {
        const file = join(dir, '2020-11-01.zip');
        writeFileSync(file, syntheticDayZip({ seed: 8, date: '2020-11-01', imagesPerDay: 2 }));
        for (const source of ['synthetic', 'local', 'smhi']) {
            await assert.rejects(fetchDay({ source, day: '2020-11-01', dir: file, url: 'http://127.0.0.1:9' }), isErr('E_RADAR_DATA_NOT_DIR', file, 'not a folder'));
        }
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
//# sourceMappingURL=found-data.test.js.map
/**
 * The smhi source against a local HTTP server on 127.0.0.1 serving synthetic day archives at SMHI's
 * API paths, with servers that fail in the ways real downloads do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadSmhiDays, smhiDayUrl, syntheticDayZip } from '../../src/radar/index.js';
/** Serves `days` (date -> zip) at SMHI's paths; `behaviour` may take over a request (return true). */
async function smhiServer(days, behaviour) {
    const seen = [];
    const counts = new Map();
    const server = http.createServer((req, res) => {
        const url = new URL(req.url, 'http://x');
        seen.push({ path: url.pathname + url.search, range: req.headers.range });
        const m = /^\/api\/version\/latest\/area\/sweden\/product\/comp\/(\d{4})\/(\d{1,2})\/(\d{1,2})\.zip$/.exec(url.pathname);
        const date = m && `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
        const body = date ? days.get(date) : undefined;
        if (!m || url.searchParams.get('format') !== 'tif' || !body || m[2].startsWith('0') || m[3].startsWith('0')) {
            res.writeHead(404).end('not found');
            return;
        }
        const nth = (counts.get(date) ?? 0) + 1;
        counts.set(date, nth);
        if (behaviour?.(req, res, body, nth))
            return;
        const r = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
        if (r) {
            const from = Number(r[1]);
            if (from >= body.length) {
                res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
                return;
            }
            res.writeHead(206, {
                'Content-Type': 'application/zip',
                'Content-Length': body.length - from,
                'Content-Range': `bytes ${from}-${body.length - 1}/${body.length}`,
            });
            res.end(body.subarray(from));
            return;
        }
        res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': body.length }).end(body);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${server.address().port}`;
    return { baseUrl, seen, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
const zips = (dates) => new Map(dates.map((d) => [d, syntheticDayZip({ seed: 4, date: d, imagesPerDay: 6 })]));
const tmp = () => mkdtempSync(join(tmpdir(), 'ssdp-radar-smhi-'));
test("smhi URL: SMHI's API path with month and day unpadded", () => {
    assert.equal(smhiDayUrl('https://opendata-download-radar.smhi.se/', '2020-01-05'), 'https://opendata-download-radar.smhi.se/api/version/latest/area/sweden/product/comp/2020/1/5.zip?format=tif');
});
test('smhi: downloads days into YYYY-MM-DD.zip, then serves them from the cache', async () => {
    const days = zips(['2020-11-30', '2020-12-01']);
    const srv = await smhiServer(days);
    const dir = tmp();
    try {
        const events = [];
        const r = await downloadSmhiDays({ baseUrl: srv.baseUrl, start: '2020-11-30', days: 2, dir, onProgress: (p) => events.push(p) });
        assert.deepEqual(r.downloaded, ['2020-11-30', '2020-12-01']);
        assert.deepEqual(r.cached, []);
        assert.deepEqual(readdirSync(dir).sort(), ['2020-11-30.zip', '2020-12-01.zip']);
        for (const [d, z] of days)
            assert.ok(readFileSync(join(dir, `${d}.zip`)).equals(z));
        assert.ok(srv.seen.some((s) => s.path === '/api/version/latest/area/sweden/product/comp/2020/12/1.zip?format=tif'));
        assert.ok(events.some((e) => e.event === 'done') && events.some((e) => e.event === 'data'));
        const before = srv.seen.length;
        const again = await downloadSmhiDays({ baseUrl: srv.baseUrl, start: '2020-11-30', days: 2, dir });
        assert.deepEqual(again.cached, ['2020-11-30', '2020-12-01']);
        assert.equal(srv.seen.length, before, 'no request for cached days');
        // A damaged file under the final name (not written by us) is fetched again.
        writeFileSync(join(dir, '2020-12-01.zip'), days.get('2020-12-01').subarray(0, 1000));
        const repaired = await downloadSmhiDays({ baseUrl: srv.baseUrl, start: '2020-11-30', days: 2, dir });
        assert.deepEqual(repaired.downloaded, ['2020-12-01']);
        assert.ok(readFileSync(join(dir, '2020-12-01.zip')).equals(days.get('2020-12-01')));
    }
    finally {
        await srv.close();
        rmSync(dir, { recursive: true, force: true });
    }
});
test('smhi: redirects are followed (relative Location too)', async () => {
    const days = zips(['2020-11-08']);
    const srv = await smhiServer(days, (req, res, _body, nth) => {
        if (nth > 1)
            return false;
        res.writeHead(302, { Location: req.url }).end(); // same place again: served normally the 2nd time
        return true;
    });
    const dir = tmp();
    try {
        await downloadSmhiDays({ baseUrl: srv.baseUrl, start: '2020-11-08', days: 1, dir });
        assert.equal(srv.seen.length, 2);
        assert.ok(readFileSync(join(dir, '2020-11-08.zip')).equals(days.get('2020-11-08')));
    }
    finally {
        await srv.close();
        rmSync(dir, { recursive: true, force: true });
    }
});
test('smhi: the base URL comes from SSDP_SMHI_URL when not given', async () => {
    const srv = await smhiServer(zips(['2020-11-02']));
    const dir = tmp();
    const old = process.env.SSDP_SMHI_URL;
    try {
        process.env.SSDP_SMHI_URL = srv.baseUrl;
        const r = await downloadSmhiDays({ start: '2020-11-02', days: 1, dir });
        assert.deepEqual(r.downloaded, ['2020-11-02']);
    }
    finally {
        if (old === undefined)
            delete process.env.SSDP_SMHI_URL;
        else
            process.env.SSDP_SMHI_URL = old;
        await srv.close();
        rmSync(dir, { recursive: true, force: true });
    }
});
test('smhi: a server answering 503 twice is retried with backoff until it works', async () => {
    const days = zips(['2020-11-03']);
    const srv = await smhiServer(days, (_req, res, _body, nth) => {
        if (nth > 2)
            return false;
        res.writeHead(503, { 'Content-Type': 'text/plain' }).end('busy');
        return true;
    });
    const dir = tmp();
    try {
        const retries = [];
        const t0 = Date.now();
        await downloadSmhiDays({ baseUrl: srv.baseUrl, start: '2020-11-03', days: 1, dir, backoffMs: 50, onProgress: (p) => p.event === 'retry' && retries.push(p) });
        assert.ok(Date.now() - t0 >= 150, 'backed off 50 + 100 ms');
        assert.equal(srv.seen.length, 3);
        assert.equal(retries.length, 2);
        assert.match(retries[0].error, /503/);
        assert.ok(readFileSync(join(dir, '2020-11-03.zip')).equals(days.get('2020-11-03')));
    }
    finally {
        await srv.close();
        rmSync(dir, { recursive: true, force: true });
    }
});
/** Sends the headers and half the body, then drops the connection. */
const dropHalfway = (req, res, body, nth) => {
    if (nth > 1)
        return false;
    res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': body.length });
    res.write(body.subarray(0, body.length >> 1), () => setTimeout(() => req.socket.destroy(), 50));
    return true;
};
test('smhi: a connection dropped mid-body is resumed with a Range request, not restarted', async () => {
    const days = zips(['2020-11-04']);
    const srv = await smhiServer(days, dropHalfway);
    const dir = tmp();
    try {
        await downloadSmhiDays({ baseUrl: srv.baseUrl, start: '2020-11-04', days: 1, dir, backoffMs: 10 });
        assert.equal(srv.seen.length, 2);
        assert.equal(srv.seen[0].range, undefined);
        const from = Number(/^bytes=(\d+)-$/.exec(srv.seen[1].range ?? '')?.[1]);
        assert.ok(from > 0 && from <= days.get('2020-11-04').length >> 1, `resumed from ${from}`);
        assert.ok(readFileSync(join(dir, '2020-11-04.zip')).equals(days.get('2020-11-04')));
        assert.ok(!existsSync(join(dir, '2020-11-04.zip.part')));
    }
    finally {
        await srv.close();
        rmSync(dir, { recursive: true, force: true });
    }
});
test('smhi: an interrupted run leaves a .part (never the final name) that the next run resumes', async () => {
    const days = zips(['2020-11-05']);
    const srv = await smhiServer(days, dropHalfway);
    const dir = tmp();
    try {
        await assert.rejects(downloadSmhiDays({ baseUrl: srv.baseUrl, start: '2020-11-05', days: 1, dir, retries: 0 }), (e) => e.code === 'E_RADAR_DOWNLOAD' && e.message.includes('2020-11-05') && /\.part/.test(e.hint ?? ''));
        assert.ok(!existsSync(join(dir, '2020-11-05.zip')));
        const partSize = statSync(join(dir, '2020-11-05.zip.part')).size;
        assert.ok(partSize > 0);
        await downloadSmhiDays({ baseUrl: srv.baseUrl, start: '2020-11-05', days: 1, dir });
        assert.equal(srv.seen[1].range, `bytes=${partSize}-`);
        assert.ok(readFileSync(join(dir, '2020-11-05.zip')).equals(days.get('2020-11-05')));
    }
    finally {
        await srv.close();
        rmSync(dir, { recursive: true, force: true });
    }
});
test('smhi: a missing day (404) and an archive that never verifies are errors; nothing gets the final name', async () => {
    const srv = await smhiServer(new Map([['2020-11-06', Buffer.from('PK this is no zip at all '.repeat(100))]]));
    const dir = tmp();
    try {
        await assert.rejects(downloadSmhiDays({ baseUrl: srv.baseUrl, start: '2020-11-07', days: 1, dir }), (e) => e.code === 'E_RADAR_NOT_FOUND' && e.message.includes('2020-11-07'));
        await assert.rejects(downloadSmhiDays({ baseUrl: srv.baseUrl, start: '2020-11-06', days: 1, dir, retries: 1, backoffMs: 5 }), (e) => e.code === 'E_RADAR_DOWNLOAD' && /2 attempts.*not a readable zip/.test(e.message));
        assert.deepEqual(readdirSync(dir), []);
    }
    finally {
        await srv.close();
        rmSync(dir, { recursive: true, force: true });
    }
});
//# sourceMappingURL=smhi.test.js.map
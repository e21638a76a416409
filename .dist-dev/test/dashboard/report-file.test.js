/**
 * A performance report never replaces a file ssdp did not write (D12-3): the Client's
 * performanceReport refuses it unless told { overwrite: true }; `ssdp run` keeps such a file at
 * .ssdp/performance-report.html and says so. An older ssdp report is replaced as before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { Client, delayed } from '../../src/graph/index.js';
export function addUp(a, b) {
    return a + b;
}
const refused = (file) => (e) => e.code === 'E_REPORT_EXISTS' && e.message.includes(JSON.stringify(file)) && /not an ssdp performance report; it is left as it is/.test(e.message) && /overwrite: true/.test(e.hint ?? '');
test('performanceReport refuses to replace a file that is not an ssdp report, unless { overwrite: true }; its own older report it replaces', async () => {
    const dir = tempDir('ssdp-dash-report-');
    const notes = join(dir, 'notes.txt');
    const page = join(dir, 'existing.html');
    writeFileSync(notes, 'USER NOTES\n');
    writeFileSync(page, '<!doctype html><html><head><title>my page</title></head><body>mine</body></html>\n');
    const client = new Client({ scheduler: 'sync', dashboard: { serve: false } });
    try {
        assert.deepEqual(await client.compute(delayed(addUp)(1, 2)), [3]);
        for (const f of [notes, page])
            await assert.rejects(client.performanceReport(f), refused(f), f);
        assert.equal(readFileSync(notes, 'utf8'), 'USER NOTES\n');
        assert.match(readFileSync(page, 'utf8'), /<body>mine<\/body>/);
        assert.deepEqual(readdirSync(dir).sort(), ['existing.html', 'notes.txt'], 'no temporary file left');
        // asked for: replaced, and from then on it is ours, so writing it again needs nothing
        assert.equal(await client.performanceReport(notes, { overwrite: true }), notes);
        assert.match(readFileSync(notes, 'utf8'), /ssdp performance report/);
        assert.deepEqual(await client.compute(delayed(addUp)(2, 3)), [5]);
        assert.equal(await client.performanceReport(notes), notes);
        assert.match(readFileSync(notes, 'utf8'), /"runs":2/);
        // a report written by an ssdp from before the generator mark (only its status mark) is ours too
        const old = join(dir, 'old.html');
        writeFileSync(old, '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="ssdp-run-status" content="done">\n<title>ssdp performance report: x</title>\n');
        assert.equal(await client.performanceReport(old), old);
        assert.match(readFileSync(old, 'utf8'), /"runs":2/);
    }
    finally {
        await client.close();
    }
});
test('ssdp run keeps a file of the user at .ssdp/performance-report.html, warns, and the run still succeeds', () => {
    const dir = tempDir('ssdp-dash-report-run-');
    writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  hello:\n    cmd: "echo hi > hi.txt"\n    outputs: [hi.txt]\n');
    mkdirSync(join(dir, '.ssdp'));
    const mine = join(dir, '.ssdp', 'performance-report.html');
    writeFileSync(mine, 'my own notes, not a report\n');
    const r = runCli(['run', 'hello'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'hi.txt'), 'utf8'), 'hi\n');
    assert.equal(readFileSync(mine, 'utf8'), 'my own notes, not a report\n');
    assert.match(r.stderr, /could not write the performance report: .*performance-report\.html.* is not an ssdp performance report; it is left as it is\. Move that file away/);
    assert.deepEqual(readdirSync(join(dir, '.ssdp')).filter((n) => /performance-report|ssdp-tmp/.test(n)), ['performance-report.html']);
    // moved away, the next run writes its report there
    rmSync(mine);
    const again = runCli(['run', 'hello', '--force'], { cwd: dir });
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /could not write/);
    assert.match(readFileSync(mine, 'utf8'), /<meta name="generator" content="ssdp performance report">/);
});
test('a report is written only to a regular file: a FIFO, a link to a device or to nothing is E_REPORT_PATH, also with { overwrite: true }, and stays as it was', async () => {
    const dir = tempDir('ssdp-dash-report-odd-');
    const fifo = join(dir, 'fifo.html');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const toNull = join(dir, 'mynull');
    symlinkSync('/dev/null', toNull);
    const toFifo = join(dir, 'tofifo.html');
    symlinkSync(fifo, toFifo);
    const dangling = join(dir, 'dangling.html');
    symlinkSync(join(dir, 'nowhere', 'x.html'), dangling);
    const client = new Client({ scheduler: 'sync', dashboard: { serve: false } });
    try {
        assert.deepEqual(await client.compute(delayed(addUp)(1, 2)), [3]);
        for (const [f, why] of [[fifo, /not a regular file/], [toNull, /not a regular file/], [toFifo, /not a regular file/], [dangling, /symbolic link to nothing/]]) {
            for (const opts of [{}, { overwrite: true }]) {
                await assert.rejects(client.performanceReport(f, opts), (e) => e.code === 'E_REPORT_PATH' && why.test(e.message) && e.message.includes(JSON.stringify(f)), `${f} ${JSON.stringify(opts)}`);
            }
        }
        assert.ok(lstatSync(fifo).isFIFO());
        assert.equal(readlinkSync(toNull), '/dev/null');
        assert.ok(statSync('/dev/null').isCharacterDevice());
        assert.equal(readlinkSync(toFifo), fifo);
        assert.ok(lstatSync(dangling).isSymbolicLink());
        assert.deepEqual(readdirSync(dir).sort(), ['dangling.html', 'fifo.html', 'mynull', 'tofifo.html'], 'no temporary file left');
    }
    finally {
        await client.close();
    }
});
test('ssdp run with a FIFO at .ssdp/performance-report.html runs its steps, warns, and leaves the FIFO (it never opens it)', () => {
    const dir = tempDir('ssdp-dash-report-fifo-');
    writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  hello:\n    cmd: "echo hi > hi.txt"\n    outputs: [hi.txt]\n');
    mkdirSync(join(dir, '.ssdp'));
    const fifo = join(dir, '.ssdp', 'performance-report.html');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    // a blocking open of the FIFO would hang the run: the timeout then ends it and the test fails
    const r = runCli(['run', 'hello'], { cwd: dir, timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'hi.txt'), 'utf8'), 'hi\n');
    assert.match(r.stderr, /could not write the performance report: .*not a regular file/);
    assert.ok(lstatSync(fifo).isFIFO());
});
//# sourceMappingURL=report-file.test.js.map
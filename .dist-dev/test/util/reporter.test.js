/**
 * The reporter as a terminal sees it: its byte stream (stdout and stderr interleaved, as on one
 * screen) is replayed through a small terminal model (\r, ESC[K, \n), and the screen must show
 * every line whole, in order, with the bar only ever on the last line and the summary last.
 */
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { screen } from '../helpers/screen.js';
import { createReporter, forwardLines, drainForwarded, setSink, startProgress } from '../../src/util/reporter.js';
function fakeTerminal() {
    let bytes = '';
    setSink({ isTTY: true, stdout: (t) => (bytes += t), stderr: (t) => (bytes += t) });
    return { bytes: () => bytes };
}
async function until(cond, what) {
    for (let i = 0; i < 600 && !cond(); i++)
        await sleep(50);
    assert.ok(cond(), `timed out waiting for ${what}`);
}
afterEach(() => setSink(undefined));
// The bar is off in CI by design; these tests play an interactive terminal.
delete process.env.CI;
test('lines printed while a bar is drawn land above it, whole; the summary after stop is never overwritten', async () => {
    const term = fakeTerminal();
    const reporter = createReporter();
    const bar = reporter.progress({ label: 'ssdp compute', total: 20, unit: 'tasks', keep: true });
    const logged = [];
    for (let i = 1; i <= 20; i++) {
        bar.update(i);
        if (i % 4 === 0) {
            // Let the bar be drawn between lines, as a real run would.
            const draws = term.bytes().split('ssdp compute [').length;
            await until(() => term.bytes().split('ssdp compute [').length > draws, 'a redraw');
            reporter.info(`[step ${i}] wrote out/${i}.txt`);
            reporter.warn(`step ${i} is slow`);
            logged.push(`[step ${i}] wrote out/${i}.txt`, `ssdp: warning: step ${i} is slow`);
        }
    }
    await until(() => screen(term.bytes()).at(-1).includes('20/20 tasks'), 'the final bar');
    bar.stop();
    reporter.result('pipeline: done in 3.8 s');
    const before = term.bytes();
    await sleep(300); // longer than the bar's redraw interval: a stopped bar must stay stopped
    assert.equal(term.bytes(), before, 'something was drawn after stop');
    const lines = screen(term.bytes());
    assert.ok(term.bytes().includes('ssdp compute ['), 'the bar was drawn');
    assert.deepEqual(lines.filter((l) => !l.startsWith('ssdp compute')), [...logged, 'pipeline: done in 3.8 s', '']);
    // keep: the bar's last state stays as a line, above the summary.
    assert.match(lines.at(-3), /^ssdp compute \[█+\] 100% \| 20\/20 tasks/);
    assert.equal(lines.at(-2), 'pipeline: done in 3.8 s');
});
test("a child's output is forwarded whole lines at a time, never torn by the bar", async () => {
    const term = fakeTerminal();
    const bar = startProgress({ label: 'fetching', total: 3 });
    bar.update(1, 3, 'alpha');
    await until(() => term.bytes().includes('fetching ['), 'the bar');
    const child = spawn(process.execPath, ['-e', "process.stdout.write('par'); setTimeout(() => { console.log('tial line'); process.stderr.write('no newline at end') }, 300)"], {
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    forwardLines(child.stdout, 'stdout');
    forwardLines(child.stderr, 'stderr');
    await new Promise((ok) => child.on('exit', ok));
    await drainForwarded(10_000);
    bar.update(3, 3, 'gamma');
    await until(() => screen(term.bytes()).at(-1).includes('3/3'), 'the last redraw');
    bar.stop();
    const lines = screen(term.bytes());
    assert.deepEqual(lines, ['partial line', 'no newline at end', ''], JSON.stringify(term.bytes()));
});
test('no bar without a terminal (or in CI, or with --json / -q); forced, it prints whole lines', async () => {
    let bytes = '';
    setSink({ isTTY: false, stdout: (t) => (bytes += t), stderr: (t) => (bytes += t) });
    const quiet = createReporter().progress({ label: 'fetching', total: 2 });
    quiet.update(2);
    await sleep(250);
    quiet.stop();
    assert.equal(bytes, '');
    const forced = startProgress({ label: 'ssdp compute', total: 2, unit: 'tasks', force: true });
    forced.update(2);
    forced.stop();
    assert.match(bytes, /^ssdp compute \[█+\] 100% \| 2\/2 tasks \| \d+s\n$/);
    const term = fakeTerminal();
    for (const r of [createReporter({ json: true }), createReporter({ quiet: true })]) {
        const b = r.progress({ label: 'fetching', total: 2 });
        b.update(1);
        await sleep(250);
        b.stop();
    }
    assert.equal(term.bytes(), '');
});
//# sourceMappingURL=reporter.test.js.map
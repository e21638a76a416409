import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { delayed, computeWithSummary, formatSummary } from '../../src/graph/index.js';
import { inc, spin } from './fixtures/tasks.js';
const SCRIPT = fileURLToPath(new URL('./fixtures/progress-run.js', import.meta.url));
test('a summary counts tasks, times each kind of task and samples peak memory', async () => {
    const incs = Array.from({ length: 50 }, (_, i) => delayed(inc)(i));
    const spins = [delayed(spin)(30), delayed(spin)(31)];
    for (const scheduler of ['sync', 'threads']) {
        const { results, summary } = await computeWithSummary(...incs, ...spins, { scheduler, nWorkers: 2 });
        assert.equal(results.length, 52);
        assert.equal(summary.tasks, 52);
        assert.equal(summary.kinds.inc?.count, 50);
        assert.equal(summary.kinds.spin?.count, 2);
        assert.ok(summary.kinds.spin.totalMs >= 55, `spin time ${summary.kinds.spin.totalMs}`);
        assert.ok(summary.peakRssBytes > 10 * 2 ** 20);
        if (scheduler === 'threads')
            assert.ok(summary.peakWorkerHeapBytes > 0);
        const text = formatSummary(summary);
        assert.match(text, /52 tasks on/);
        assert.match(text, /spin\s+2 tasks/);
    }
});
test('no progress bar when stderr is not a terminal; summary: true prints the summary', () => {
    const quiet = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8', env: { ...process.env, CI: '' } });
    assert.equal(quiet.status, 0, quiet.stderr);
    assert.equal(quiet.stdout.trim(), '1275');
    assert.equal(quiet.stderr, '');
    const summary = spawnSync(process.execPath, [SCRIPT, 'summary'], { encoding: 'utf8' });
    assert.equal(summary.status, 0, summary.stderr);
    assert.match(summary.stderr, /ssdp compute: 151 tasks on threads/);
    assert.match(summary.stderr, /spin\s+50 tasks/);
    // forced on (as a terminal would have it), the bar is drawn once the run lasts
    const forced = spawnSync(process.execPath, [SCRIPT, 'progress'], { encoding: 'utf8' });
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stderr, /ssdp compute \[.*\] \d+% \| \d+\/151 tasks/);
});
//# sourceMappingURL=progress.test.js.map
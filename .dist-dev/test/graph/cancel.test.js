import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
const SCRIPT = fileURLToPath(new URL('./fixtures/long-run.js', import.meta.url));
/** A process is still around when /proc has it and it is not a zombie waiting to be reaped. */
function running(pid) {
    if (!existsSync(`/proc/${pid}`))
        return false;
    try {
        return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
    }
    catch {
        return false;
    }
}
for (const scheduler of ['processes', 'threads']) {
    test(`${scheduler}: Ctrl-C (SIGINT) stops the computation and leaves no worker process behind`, async () => {
        const child = spawn(process.execPath, [SCRIPT, scheduler], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
        while (!out.includes('\n'))
            await sleep(20);
        const { pids } = JSON.parse(out.split('\n')[0]);
        if (scheduler === 'processes') {
            assert.equal(pids.length, 2);
            for (const pid of pids)
                assert.ok(running(pid), `worker ${pid} runs before the interrupt`);
        }
        await sleep(700); // tasks are running now
        child.kill('SIGINT');
        const { signal } = await exited;
        assert.equal(signal, 'SIGINT', 'the program ends by the interrupt, as without ssdp');
        assert.ok(!out.includes('finished'));
        for (let i = 0; i < 50 && pids.some(running); i++)
            await sleep(40);
        for (const pid of pids)
            assert.ok(!running(pid), `worker ${pid} is gone`);
    });
}
//# sourceMappingURL=cancel.test.js.map
/**
 * One real interactive bash, driven through tmux: what the user sees at the prompt after
 * `ssdp activate` and after `ssdp deactivate`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { readdirSync, readFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { hasShell, sandbox } from './session.js';
// A sleep this run alone starts (other test runs may share the machine), found again with pgrep.
const SLEEP = `sleep 60.${process.pid}`;
/** Whether our sleep runs, from /proc (no procps needed). */
function sleeping() {
    for (const pid of readdirSync('/proc')) {
        if (!/^\d+$/.test(pid))
            continue;
        try {
            if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim() === SLEEP)
                return true;
        }
        catch {
            // the process ended meanwhile
        }
    }
    return false;
}
const SLOW = `if [ -e "$HOME/slow-marker" ]; then ${SLEEP}; fi\n`;
const skip = (!hasShell('tmux') && 'tmux is not installed') || (!hasShell('bash') && 'bash is not installed');
test('interactive bash shows (NAME) in the prompt while active and not after, also after Ctrl-C', { skip }, async () => {
    const sb = sandbox();
    sb.named({ name: 'radar' });
    const hook = sb.hook('bash');
    const socket = `ssdp-test-${process.pid}`;
    const env = { ...sb.env, TERM: 'xterm' };
    const tmux = (...args) => spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { env, encoding: 'utf8' });
    const lastLine = () => tmux('capture-pane', '-p', '-t', 'ssdp').stdout.split('\n').map((l) => l.trimEnd()).filter(Boolean).at(-1) ?? '';
    const waitFor = async (want) => {
        for (let i = 0; i < 200; i++) {
            if (lastLine() === want)
                return;
            await sleep(100);
        }
        assert.fail(`the prompt never became '${want}'; screen:\n${tmux('capture-pane', '-p', '-t', 'ssdp').stdout}`);
    };
    const type = (line) => tmux('send-keys', '-t', 'ssdp', '-l', line).status === 0 && tmux('send-keys', '-t', 'ssdp', 'Enter');
    const started = tmux('new-session', '-d', '-s', 'ssdp', '-x', '160', '-y', '40', 'bash --norc --noprofile -i');
    assert.equal(started.status, 0, started.stderr);
    try {
        type(`PS1='READY> '; . '${hook}'; clear`);
        await waitFor('READY>');
        type('ssdp activate radar && clear');
        await waitFor('(radar) READY>');
        type('node');
        for (let i = 0; i < 200 && !/^node-of-radar\n\(radar\) READY>/m.test(tmux('capture-pane', '-p', '-t', 'ssdp').stdout); i++)
            await sleep(100);
        assert.match(tmux('capture-pane', '-p', '-t', 'ssdp').stdout, /^node-of-radar\n\(radar\) READY>/m);
        type('ssdp deactivate && clear');
        await waitFor('READY>');
        // Ctrl-C while an activate.d script runs: PATH and prompt were applied together before it,
        // so both show the env. Ctrl-C in a deactivate.d script: nothing was undone yet, both still do.
        const slowBin = `${sb.named({ name: 'slow', activate: { 's.sh': SLOW }, deactivate: { 's.sh': SLOW } })}/bin`;
        writeFileSync(join(sb.home, 'slow-marker'), '');
        const interruptDuring = async (command) => {
            type(command);
            for (let i = 0; i < 300 && !sleeping(); i++)
                await sleep(100);
            tmux('send-keys', '-t', 'ssdp', 'C-c');
            await sleep(300);
            type('clear; printf "%s\\n" "$PATH" | cut -d: -f1');
            await waitFor('(slow) READY>');
            assert.match(tmux('capture-pane', '-p', '-t', 'ssdp').stdout, new RegExp(`^${slowBin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
        };
        await interruptDuring('ssdp activate slow');
        await interruptDuring('ssdp deactivate');
        unlinkSync(join(sb.home, 'slow-marker'));
        type('ssdp deactivate && clear');
        await waitFor('READY>');
    }
    finally {
        tmux('kill-server');
    }
});
//# sourceMappingURL=interactive.test.js.map
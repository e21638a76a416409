/**
 * One real interactive bash, driven through tmux: what the user sees at the prompt after
 * `ssdp activate` and after `ssdp deactivate`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasShell, sandbox } from './session.js';

const skip = (!hasShell('tmux') && 'tmux is not installed') || (!hasShell('bash') && 'bash is not installed');

test('interactive bash shows (NAME) in the prompt while active and not after', { skip }, async () => {
  const sb = sandbox();
  sb.named({ name: 'radar' });
  const hook = sb.hook('bash');
  const socket = `ssdp-test-${process.pid}`;
  const env = { ...sb.env, TERM: 'xterm' };
  const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { env, encoding: 'utf8' });
  const lastLine = () => tmux('capture-pane', '-p', '-t', 'ssdp').stdout.split('\n').map((l) => l.trimEnd()).filter(Boolean).at(-1) ?? '';
  const waitFor = async (want: string) => {
    for (let i = 0; i < 200; i++) {
      if (lastLine() === want) return;
      await sleep(100);
    }
    assert.fail(`the prompt never became '${want}'; screen:\n${tmux('capture-pane', '-p', '-t', 'ssdp').stdout}`);
  };
  const type = (line: string) => tmux('send-keys', '-t', 'ssdp', '-l', line).status === 0 && tmux('send-keys', '-t', 'ssdp', 'Enter');

  const started = tmux('new-session', '-d', '-s', 'ssdp', '-x', '160', '-y', '40', 'bash --norc --noprofile -i');
  assert.equal(started.status, 0, started.stderr);
  try {
    type(`PS1='READY> '; . '${hook}'; clear`);
    await waitFor('READY>');
    type('ssdp activate radar && clear');
    await waitFor('(radar) READY>');
    type('node');
    for (let i = 0; i < 200 && !/^node-of-radar\n\(radar\) READY>/m.test(tmux('capture-pane', '-p', '-t', 'ssdp').stdout); i++) await sleep(100);
    assert.match(tmux('capture-pane', '-p', '-t', 'ssdp').stdout, /^node-of-radar\n\(radar\) READY>/m);
    type('ssdp deactivate && clear');
    await waitFor('READY>');
  } finally {
    tmux('kill-server');
  }
});

/**
 * How long `ssdp activate` takes inside bash, against a bare `node -e ''` start measured in the
 * same run. Activation = (bash that sources the hook and activates) - (bash that only sources
 * the hook); runs are interleaved so machine load hits all three alike. Wall time is what a user
 * waits; CPU time (user+sys of the children, from bash's `times`) is shown too because it is far
 * less disturbed by other work on a busy machine. Target: < 1.5x.
 *
 *   node dist/bench/activate.js [runs]
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
const runs = Number(process.argv[2] ?? 30);
const entry = fileURLToPath(new URL('../src/cli/entry.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ssdp-bench-activate-'));
const prefix = join(dir, 'root', 'envs', 'bench');
mkdirSync(join(prefix, 'bin'), { recursive: true });
mkdirSync(join(prefix, 'ssdp-meta'));
mkdirSync(join(prefix, 'etc', 'ssdp', 'activate.d'), { recursive: true });
writeFileSync(join(prefix, 'bin', 'node'), '#!/bin/sh\necho bench\n');
chmodSync(join(prefix, 'bin', 'node'), 0o755);
writeFileSync(join(prefix, 'ssdp-meta', 'env.json'), JSON.stringify({ name: 'bench', variables: { A: '1', B: '2' }, revision: 1, requested: [] }));
writeFileSync(join(prefix, 'etc', 'ssdp', 'activate.d', 'a.sh'), 'BENCH_ACTIVATED=1\n');
const env = { ...process.env, SSDP_ROOT: join(dir, 'root') };
for (const k of Object.keys(env))
    if (k.startsWith('SSDP_') && k !== 'SSDP_ROOT')
        delete env[k];
const hook = spawnSync(process.execPath, [entry, 'shell', 'hook', 'bash'], { env, encoding: 'utf8' });
if (hook.status !== 0)
    throw new Error(hook.stderr);
const hookFile = join(dir, 'hook.bash');
writeFileSync(hookFile, hook.stdout);
const cases = {
    activate: ['bash', ['-c', `. '${hookFile}'; ssdp activate bench && [ "$BENCH_ACTIVATED" = 1 ] || exit 9`]],
    baseline: ['bash', ['-c', `. '${hookFile}'`]],
    node: [process.execPath, ['-e', '']],
};
function time(c) {
    const [cmd, args] = cases[c];
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0)
        throw new Error(`${c} failed: ${r.stderr}`);
    return ms;
}
const samples = { activate: [], baseline: [], node: [] };
for (const c of Object.keys(cases))
    time(c); // warm the file cache
for (let i = 0; i < runs; i++)
    for (const c of Object.keys(cases))
        samples[c].push(time(c));
/** user+sys seconds of `runs` runs of a case, summed over all descendants, via bash's `times`. */
function cpu(c, n) {
    const [cmd, args] = cases[c];
    const words = [cmd, ...args].map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
    const r = spawnSync('bash', ['-c', `for i in $(seq ${n}); do ${words} >/dev/null || exit 9; done; times`], { env, encoding: 'utf8' });
    if (r.status !== 0)
        throw new Error(`${c} failed: ${r.stderr}`);
    const m = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/m.exec(r.stdout.trim().split('\n').at(-1));
    if (!m)
        throw new Error(`cannot read times output: ${r.stdout}`);
    return (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000;
}
const cpuTotal = { activate: 0, baseline: 0, node: 0 };
for (let round = 0; round < 3; round++)
    for (const c of Object.keys(cases))
        cpuTotal[c] += cpu(c, Math.ceil(runs / 3));
const cpuRuns = 3 * Math.ceil(runs / 3);
rmSync(dir, { recursive: true, force: true });
const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const activation = median(samples.activate) - median(samples.baseline);
const node = median(samples.node);
const f = (x) => `${x.toFixed(1)} ms`;
console.log(`runs: ${runs} each, interleaved (medians; means in brackets)`);
console.log(`bash + hook + ssdp activate : ${f(median(samples.activate))} (${f(mean(samples.activate))})`);
console.log(`bash + hook (baseline)      : ${f(median(samples.baseline))} (${f(mean(samples.baseline))})`);
console.log(`ssdp activate alone         : ${f(activation)}`);
console.log(`node -e ''                  : ${f(node)} (${f(mean(samples.node))})`);
console.log(`ratio activate / bare node  : ${(activation / node).toFixed(2)}x (target < 1.5x)`);
const cpuActivation = (cpuTotal.activate - cpuTotal.baseline) / cpuRuns;
const cpuNode = cpuTotal.node / cpuRuns;
console.log(`CPU per run: ssdp activate ${f(cpuActivation)}, node -e '' ${f(cpuNode)}, ratio ${(cpuActivation / cpuNode).toFixed(2)}x`);
//# sourceMappingURL=activate.js.map
/**
 * Runs a command and samples the resident memory of its whole process tree (itself and every
 * descendant, from /proc), so ssdp's worker processes and Dask's are measured the same way.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
function children() {
    const kids = new Map();
    for (const name of readdirSync('/proc')) {
        if (!/^\d+$/.test(name))
            continue;
        try {
            const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
            const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
            (kids.get(ppid) ?? kids.set(ppid, []).get(ppid)).push(Number(name));
        }
        catch {
            /* the process ended while we looked */
        }
    }
    return kids;
}
function treeRssBytes(root) {
    const kids = children();
    let total = 0;
    const stack = [root];
    while (stack.length) {
        const pid = stack.pop();
        try {
            const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
            if (m)
                total += Number(m[1]) * 1024;
        }
        catch {
            /* gone */
        }
        stack.push(...(kids.get(pid) ?? []));
    }
    return total;
}
/** `onStderr`: also shown to the caller (then stderr is passed on, not inherited). */
/**
 * `onStderr`: also shown to the caller (then stderr is passed on, not inherited). `cpu`: the
 * command runs under GNU time (/usr/bin/time), whose wait4 accounting covers every descendant
 * that was waited for (ssdp's worker processes are).
 */
export function runMeasured(cmd, args, opts = {}) {
    const cpuFile = opts.cpu ? join(mkdtempSync(join(tmpdir(), 'ssdp-bench-cpu-')), 'time') : undefined;
    if (cpuFile)
        [cmd, args] = ['/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, cmd, ...args]];
    return new Promise((resolve, reject) => {
        const t0 = performance.now();
        const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', opts.onStderr ? 'pipe' : 'inherit'] });
        child.stderr?.on('data', (d) => {
            process.stderr.write(d);
            opts.onStderr(d.toString());
        });
        let peak = 0;
        let stdout = '';
        child.stdout.on('data', (d) => (stdout += d.toString()));
        const timer = setInterval(() => (peak = Math.max(peak, treeRssBytes(child.pid))), 100);
        child.on('error', reject);
        child.on('exit', (code) => {
            clearInterval(timer);
            const seconds = (performance.now() - t0) / 1000;
            let cpuSeconds;
            if (cpuFile) {
                const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
                cpuSeconds = user + sys;
                rmSync(dirname(cpuFile), { recursive: true, force: true });
            }
            resolve({ seconds, cpuSeconds, peakRssBytes: peak, stdout, code });
        });
    });
}
//# sourceMappingURL=proc-tree.js.map
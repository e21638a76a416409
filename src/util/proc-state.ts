/**
 * What /proc says about a pid that `kill(pid, 0)` calls alive. A process killed with kill -9 is
 * still "alive" to kill(0) until it is gone: while the signal waits for it to leave a disk wait,
 * while it exits (freeing a large heap takes a while) and, until its parent reaps it, as a zombie.
 * None of those runs another line of its code, so a lock it holds is free (the run lock after a
 * kill -9 of `ssdp run`, at once). Elsewhere than Linux nothing is known: the pid counts as alive.
 */
import { readFileSync } from 'node:fs';

const PF_EXITING = 0x4;
const SIGKILL_BIT = 1n << 8n;
/** Clock ticks per second of /proc/PID/stat's start time: 100 on every Linux build ssdp runs on. */
const CLK_TCK = 100;

function stat(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' '); // [0] is field 3 (state)
  } catch {
    return undefined;
  }
}

/** True when the process will never run its own code again (a zombie, exiting, or SIGKILL pending). */
export function isDying(pid: number): boolean {
  const f = stat(pid);
  if (!f) return false;
  if (f[0] === 'Z' || f[0] === 'X' || (Number(f[6]) & PF_EXITING) !== 0) return true;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return [...status.matchAll(/^(?:SigPnd|ShdPnd):\s*([0-9a-f]+)$/gm)].some((m) => (BigInt(`0x${m[1]}`) & SIGKILL_BIT) !== 0n);
  } catch {
    return false;
  }
}

/**
 * When the process now at `pid` started (ms since the epoch), or undefined when unknown. A lock
 * whose holder pid belongs to a process started after the lock was taken names a dead holder
 * whose pid was given to another process (a container restarted, pids wrapped).
 */
export function processStartMs(pid: number): number | undefined {
  const f = stat(pid);
  try {
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    const ticks = Number(f?.[19]);
    return Number.isFinite(btime) && Number.isFinite(ticks) && f ? btime * 1000 + (ticks / CLK_TCK) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Whether test processes still exist, as the kernel sees them. */
import { readFileSync } from 'node:fs';

/** Whether a process with that pid exists (signal 0 checks without sending anything). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Alive and not a zombie (an orphan's exit waits for init to reap it; signal 0 still reaches it). */
export function running(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').startsWith('Z');
  } catch {
    return false;
  }
}

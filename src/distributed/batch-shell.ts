/**
 * A worker started by a Slurm batch script (cluster/slurm.ts batchScript) has that shell as its
 * parent, named by SSDP_BATCH_SHELL. The shell keeps Slurm's drain signal until the worker says it
 * handles it (its signal handlers are in place), then passes it on; and a shell killed outright
 * (scancel --signal=KILL --batch signals only it) would leave the worker running outside its job.
 */

/** How often the parent is checked (a cheap getppid): the worker outlives a killed job by at most this. */
const PARENT_EVERY_MS = 250;

/**
 * Tells the batch shell this worker handles its signals now, and calls `gone` when the shell is no
 * longer this process's parent. No-op for a worker not started by a batch script. Returns a stop.
 */
export function followBatchShell(gone: (shell: number) => void, env: NodeJS.ProcessEnv = process.env): () => void {
  const shell = Number(env.SSDP_BATCH_SHELL);
  const readySignal = `SIG${env.SSDP_BATCH_READY ?? 'USR1'}` as NodeJS.Signals;
  // not for this worker's task processes (a task that starts a worker of its own is not its shell's)
  delete env.SSDP_BATCH_SHELL;
  delete env.SSDP_BATCH_READY;
  if (!Number.isInteger(shell) || shell <= 1) return () => {};
  if (process.ppid !== shell) {
    gone(shell);
    return () => {};
  }
  try {
    process.kill(shell, readySignal);
  } catch {
    // gone in between: the check below says so
  }
  const timer = setInterval(() => {
    if (process.ppid === shell) return;
    clearInterval(timer);
    gone(shell);
  }, PARENT_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

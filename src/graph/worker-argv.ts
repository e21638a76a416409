/**
 * The node options a worker thread starts with. By default a worker copies the parent's
 * execArgv, which breaks when the parent was started with options naming *its own* entry point:
 * `node --input-type=module -e '...'` gave every worker ERR_INPUT_TYPE_NOT_ALLOWED. Then workers
 * get only the options that change how modules load and warn (hooks, conditions, source maps,
 * experimental features), which they need to import the task modules as the parent did. V8
 * options (--expose-gc, --max-old-space-size) are process-wide, so the workers have them anyway
 * (and node refuses them in a worker's execArgv).
 */

/** Options a worker keeps; `true`: the option takes a value (`--import x` or `--import=x`). */
const KEEP: Record<string, boolean> = {
  '--import': true,
  '--require': true,
  '-r': true,
  '--loader': true,
  '--experimental-loader': true,
  '--conditions': true,
  '-C': true,
  '--disable-warning': true,
  '--unhandled-rejections': true,
  '--experimental-default-type': true,
  '--experimental-policy': true,
  '--enable-source-maps': false,
  '--no-warnings': false,
  '--trace-warnings': false,
  '--no-deprecation': false,
  '--trace-deprecation': false,
  '--throw-deprecation': false,
  '--pending-deprecation': false,
  '--preserve-symlinks': false,
  '--no-addons': false,
};

/** Options of the parent a worker needs (in order, values kept with their option). */
export function workerExecArgv(parent: readonly string[] = process.execArgv, experimental = true): string[] {
  const out: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const a = parent[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const isExperimental = /^--(no-)?experimental-/.test(name) && name !== '--experimental-loader';
    const takesValue = isExperimental && !experimental ? undefined : KEEP[name];
    if (takesValue === undefined && !(isExperimental && experimental)) {
      // skip the value of a dropped option given as a separate word (`-e CODE`, `--input-type module`)
      if (eq < 0 && (VALUED_DROPPED.has(name) || KEEP[name]) && i + 1 < parent.length) i++;
      continue;
    }
    out.push(a);
    if (takesValue && eq < 0 && i + 1 < parent.length) out.push(parent[++i]!);
  }
  return out;
}

/** Dropped options whose value may follow as the next word. */
const VALUED_DROPPED = new Set(['-e', '--eval', '-p', '--print', '--input-type', '--watch-path', '--test-name-pattern', '--test-reporter', '--test-reporter-destination', '--test-shard', '--test-skip-pattern', '--test-concurrency', '--test-timeout', '--inspect-port', '--title', '--env-file', '--stack-size', '--max-old-space-size', '--max-semi-space-size', '--stack-trace-limit', '--cpu-prof-dir', '--cpu-prof-name', '--heap-prof-dir', '--diagnostic-dir', '--report-dir', '--redirect-warnings', '--icu-data-dir', '--openssl-config', '--secure-heap', '--secure-heap-min', '--heapsnapshot-signal', '--report-signal', '--dns-result-order']);

/** Options saying what the parent runs, which a worker must not copy (it runs worker.js). */
function namesEntryPoint(a: string): boolean {
  return /^(-e|--eval|-p|--print|-pe|-i|--interactive|-c|--check|--input-type(=.*)?|--test.*|--watch.*|--run(=.*)?)$/.test(a);
}

let accepted: string[] | undefined;

/**
 * Calls `start` with the worker options (the first time: the kept options, then without the
 * experimental ones, then none, until node accepts them; the accepted list is reused).
 */
export function withWorkerExecArgv<T>(start: (execArgv: string[] | undefined) => T): T {
  // nothing naming the parent's own entry point: the workers copy its options, as node does
  if (!process.execArgv.some(namesEntryPoint)) return start(undefined);
  if (accepted) return start(accepted);
  const tries = [workerExecArgv(), workerExecArgv(process.execArgv, false), []];
  for (let i = 0; ; i++) {
    try {
      const r = start(tries[i]!);
      accepted = tries[i];
      return r;
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV' || i === tries.length - 1) throw e;
    }
  }
}

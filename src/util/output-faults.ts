/**
 * stdout that cannot be written: a file on a full disk (`ssdp env export -n x > radar.yaml`,
 * /dev/full), or a reader that went away (`ssdp env list | head -1`). Node reports either as an
 * 'error' event on process.stdout, and without a listener that is an "Unhandled 'error' event"
 * stack that also cut the command short (tester try8g G6). Both are now handled in one place:
 * - EPIPE: the reader wanted no more; the rest of the output is dropped without a word, as other
 *   command-line tools do, and the command finishes (a change is never cut short by a pipe).
 * - anything else (ENOSPC, EDQUOT, EIO): the command finishes, then one coded line on stderr says
 *   the output is lost (and that the command itself finished, or not) and the exit is non-zero.
 * Writes to stderr that fail have nowhere to be reported: ignored.
 */
import { writeSync } from 'node:fs';
import { formatError, SsdpError } from './errors.js';

let lost: NodeJS.ErrnoException | undefined;
// Loaded on the first fault, not with every command (a warm create loads no disk-full wording).
let diskFull: typeof import('./disk-full.js') | undefined;

/** Listens for failed writes to stdout and stderr; said at exit (see above). Once per process. */
export function watchOutputFaults(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || lost) return;
    lost = e;
    import('./disk-full.js').then((m) => (diskFull = m), () => {});
  });
  process.stderr.on('error', () => {});
  process.once('exit', (code) => {
    if (lost === undefined) return;
    // the exit handler cannot wait: a fault just before exit may find the wording not loaded yet
    const full = diskFull ? diskFull.isDiskFull(lost) : lost.code === 'ENOSPC' || lost.code === 'EDQUOT';
    const why = full ? `the disk it goes to is full${diskFull ? ` (${diskFull.diskFullWhy(lost.code)})` : ''}` : `${lost.message}`;
    const done = code === 0 ? 'The command itself finished; only its output is lost.' : 'The command failed as well (its own error is above, or with --json was part of the lost output).';
    const err = new SsdpError('E_OUTPUT_LOST', `could not write the output (stdout): ${why}. ${done}`, {
      hint: 'free space on that disk, or send the output elsewhere, and run the command again; for a change, ssdp list or ssdp env list shows what it did',
    });
    try {
      // At exit only synchronous writes are done; stderr is fd 2 whatever stream wraps it.
      writeSync(2, formatError(err) + '\n');
    } catch {
      /* stderr is gone too: the exit code is all that is left */
    }
    if (code === 0) process.exitCode = 1;
  });
}

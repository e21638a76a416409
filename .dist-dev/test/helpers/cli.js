/**
 * Runs the real CLI as a child process: the compiled entry next to this compiled test file, so a
 * test always exercises the same build it was compiled with.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
export const CLI_ENTRY = fileURLToPath(new URL('../../src/cli/entry.js', import.meta.url));
export function runCli(args, opts = {}) {
    const r = spawnSync(process.execPath, [CLI_ENTRY, ...args], { encoding: 'utf8', timeout: 300_000, ...opts });
    return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}
export function tempDir(prefix = 'ssdp-test-') {
    return mkdtempSync(join(tmpdir(), prefix));
}
/** Waits (up to a minute) until `cond` holds, failing the test with `what` if it never does. */
export async function until(cond, what) {
    const deadline = Date.now() + 60_000;
    while (!cond()) {
        if (Date.now() > deadline)
            throw new Error(`gave up waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}
//# sourceMappingURL=cli.js.map
/**
 * Runs Debian's python3 (with numpy and PIL: apt-get install python3-numpy python3-pil) as the
 * independent reader of the files ssdp writes. Not the `python3` on PATH, which may be a pyenv
 * build without numpy.
 */
import { spawnSync } from 'node:child_process';
export const PYTHON = '/usr/bin/python3';
/** Runs `code` with `args` in sys.argv[1:]; the script prints one JSON value, which is returned. */
export function python(code, ...args) {
    const r = spawnSync(PYTHON, ['-c', code, ...args], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0)
        throw new Error(`python failed (${r.status}): ${r.stderr || r.error?.message}`);
    return JSON.parse(r.stdout);
}
//# sourceMappingURL=outputs-python.js.map
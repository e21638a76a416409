/** Runs Debian's python3 (with numpy and PIL) for the radar tests' independent checks. */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
/** Debian's python: `python3` on PATH may be a pyenv one without numpy. */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
export function python(args, opts = {}) {
    const r = spawnSync(PYTHON, args, { encoding: 'utf8', input: opts.input, cwd: opts.cwd, maxBuffer: 1 << 28 });
    if (r.status !== 0) {
        throw new Error(`${PYTHON} ${args.join(' ')} failed (status ${r.status}): ${r.stderr}\n` +
            '(the radar tests need Debian\'s python3-numpy and python3-pil: apt-get install -y python3-numpy python3-pil)');
    }
    return r.stdout;
}
/** Runs a Python snippet given on stdin with extra argv. */
export function pythonCode(code, args = []) {
    return python(['-', ...args], { input: code });
}
/** The repository root (where bench/peers lives), found from the compiled test's location. */
export function repoRoot() {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (;;) {
        if (existsSync(join(dir, 'bench/peers/radar_notebook.py')))
            return dir;
        const pkg = join(dir, 'package.json');
        if (existsSync(pkg)) {
            const real = dirname(realpathSync(pkg));
            if (existsSync(join(real, 'bench/peers/radar_notebook.py')))
                return real;
        }
        const up = dirname(dir);
        if (up === dir)
            break;
        dir = up;
    }
    return process.cwd();
}
//# sourceMappingURL=python.js.map
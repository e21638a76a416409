/**
 * Test sessions in real shells: env prefixes written in the layout `ssdp env create` produces
 * (bin/, ssdp-meta/env.json, etc/ssdp/activate.d), a temp HOME and SSDP_ROOT, and scripts run
 * by bash, zsh, dash or fish as child processes with the hook from the compiled CLI.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, runCli, tempDir } from '../helpers/cli.js';
export { CLI_ENTRY };
const whichCache = new Map();
/** Whether a shell is installed (tests of a missing shell are skipped, not failed). */
export function hasShell(shell) {
    if (!whichCache.has(shell)) {
        const r = spawnSync('sh', ['-c', `command -v ${shell}`], { encoding: 'utf8' });
        whichCache.set(shell, r.status === 0);
    }
    return whichCache.get(shell);
}
/** Writes an env prefix; `node` in its bin prints `node-of-<name>`. Returns the prefix. */
export function writeEnv(prefix, f) {
    mkdirSync(join(prefix, 'bin'), { recursive: true });
    mkdirSync(join(prefix, 'ssdp-meta'), { recursive: true });
    const node = join(prefix, 'bin', 'node');
    writeFileSync(node, `#!/bin/sh\necho 'node-of-${f.name.replace(/'/g, '')}'\n`);
    chmodSync(node, 0o755);
    writeFileSync(join(prefix, 'ssdp-meta', 'env.json'), JSON.stringify({ name: f.name, variables: f.variables ?? {}, revision: 1, requested: [] }));
    for (const [dir, files] of [['activate.d', f.activate], ['deactivate.d', f.deactivate]]) {
        if (!files)
            continue;
        mkdirSync(join(prefix, 'etc', 'ssdp', dir), { recursive: true });
        for (const [file, text] of Object.entries(files))
            writeFileSync(join(prefix, 'etc', 'ssdp', dir, file), text);
    }
    return prefix;
}
export function sandbox() {
    const home = realpathSync(tempDir('ssdp-shell-home-'));
    const root = join(home, 'ssdp root');
    const spaced = join(home, 'tools dir');
    mkdirSync(spaced, { recursive: true });
    const basePath = `${spaced}:/usr/local/bin:/usr/bin:/bin`;
    const env = { HOME: home, SSDP_ROOT: root, PATH: basePath, LANG: 'C.UTF-8', TERM: 'dumb' };
    const hooks = new Map();
    return {
        home,
        root,
        basePath,
        env,
        named: (f) => writeEnv(join(root, 'envs', f.name), f),
        hook(shell) {
            if (!hooks.has(shell)) {
                const r = runCli(['shell', 'hook', shell], { env });
                if (r.status !== 0)
                    throw new Error(`shell hook ${shell} failed: ${r.stderr}`);
                const file = join(home, `hook.${shell}`);
                writeFileSync(file, r.stdout);
                hooks.set(shell, file);
            }
            return hooks.get(shell);
        },
    };
}
/** Runs `script` with `shell -c` in the sandbox; lines starting with `@KEY=` are collected. */
export function runShell(shell, script, sb, opts = {}) {
    const r = spawnSync(shell, ['-c', script], { encoding: 'utf8', cwd: opts.cwd ?? sb.home, env: { ...sb.env, ...opts.env }, timeout: 60_000 });
    const seen = {};
    for (const line of r.stdout.split('\n')) {
        const m = /^@([A-Za-z0-9_.]+)=(.*)$/.exec(line);
        if (m)
            seen[m[1]] = m[2];
    }
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, seen };
}
/** POSIX code printing `@TAG.VAR=value` for each variable (`<unset>` when unset); newlines as \n. */
export function showPosix(tag, vars) {
    return vars
        .map((v) => `if [ -n "\${${v}+x}" ]; then printf '@%s=%s\\n' '${tag}.${v}' "$(printf '%s' "$${v}" | tr '\\n' '~')"; else printf '@%s=<unset>\\n' '${tag}.${v}'; fi`)
        .join('\n');
}
export function showFish(tag, vars) {
    return vars
        .map((v) => `if set -q ${v}; printf '@%s=%s\\n' '${tag}.${v}' (string join : -- $${v} | string join '~'); else; printf '@%s=<unset>\\n' '${tag}.${v}'; end`)
        .join('\n');
}
//# sourceMappingURL=session.js.map
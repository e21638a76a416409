/**
 * Install scripts are code from strangers run with the user's rights, so ssdp never runs them
 * unless the package is named in allowScripts; an install that skips one says so in one line,
 * naming the flag that would allow it. Allowed scripts run like npm runs them (preinstall,
 * install, postinstall in the package folder, deepest packages first) with the env's bin first
 * on PATH, so `node` is the env's pinned one.
 */
import { delimiter, join } from 'node:path';
import { SsdpError } from '../util/errors.js';
export async function runInstallScripts(targets, prefix, extraPath = []) {
    if (!targets.length)
        return;
    const { execa } = await import('execa');
    const depth = (t) => t.dir.split('/node_modules/').length;
    const ordered = [...targets].sort((a, b) => depth(b) - depth(a) || a.dir.localeCompare(b.dir));
    const binDir = join(prefix, 'bin');
    for (const t of ordered) {
        for (const event of ['preinstall', 'install', 'postinstall']) {
            const script = t.scripts[event];
            if (!script)
                continue;
            const r = await execa('sh', ['-c', script], {
                cwd: t.dir,
                reject: false,
                all: true,
                stdin: 'ignore',
                env: {
                    PATH: [binDir, join(t.dir, 'node_modules', '.bin'), ...extraPath, process.env.PATH ?? ''].join(delimiter),
                    npm_lifecycle_event: event,
                    npm_lifecycle_script: script,
                    npm_package_name: t.name,
                    npm_package_version: t.version,
                    npm_config_global: 'true',
                    npm_config_prefix: prefix,
                    INIT_CWD: t.dir,
                },
            });
            if (r.exitCode !== 0) {
                const tail = String(r.all ?? '').trim().split('\n').slice(-15).join('\n');
                throw new SsdpError('E_INSTALL_SCRIPT', `the ${event} script of ${t.name}@${t.version} failed (${r.exitCode === undefined ? r.signal ?? 'killed' : `exit code ${r.exitCode}`}): ${script}${tail ? `\n${tail}` : ''}`, {
                    hint: `the env was not changed; fix the cause above or install without --allow-scripts ${t.name}`,
                });
            }
        }
    }
}
export function skippedScriptWarning(name) {
    return `skipped install script of ${name}; allow with --allow-scripts ${name}`;
}
//# sourceMappingURL=scripts.js.map
/**
 * The fault matrix: ssdp and npm install the same small package (with one dependency) from the
 * local test registry while it misbehaves in one way, and we record what each does: exit code,
 * the first error line, the time taken. Faults run concurrently, each on its own registry.
 * npm gets its defaults except --fetch-timeout=5000 (its default of 5 minutes would make a stall
 * cost 5 minutes); ssdp gets SSDP_FETCH_TIMEOUT=5 to match.
 *
 * Usage: node dist/bench/fault-matrix.js   (needs `npm` on PATH; prints a Markdown table)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { startRegistry } from '../test/helpers/registry.js';
const ENTRY = fileURLToPath(new URL('../src/cli/entry.js', import.meta.url));
const HTML = '<!DOCTYPE html><html><body>Please log in</body></html>';
const FAULTS = [
    ['none', {}],
    ['500 x2 per URL', { failFirst: { count: 2, status: 500 } }],
    ['500 x2 per URL + tarball cut at 100 B', { failFirst: { count: 2, status: 500 }, cutTarballAfter: 100 }],
    ['cut tarball (100 B)', { cutTarballAfter: 100 }],
    ['429 + Retry-After: 2', { failFirst: { count: 1, status: 429, retryAfter: '2' } }],
    ['connection reset x2', { resetFirst: 2 }],
    ['stalled metadata body', { stall: { metadata: true, after: 10 } }],
    ['HTML metadata', { metadataBody: { contentType: 'text/html', body: HTML } }],
    ['junk JSON metadata', { metadataBody: { contentType: 'application/json', body: '{"versions": {"1.0.0": ' } }],
    ['stalled tarball', { stall: { tarball: true, after: 100 } }],
];
const versions = () => [
    { name: 'alpha', version: '1.0.0', dependencies: { beta: '^1.0.0' }, files: { 'index.js': 'module.exports = 1;\n', 'data.bin': randomBytes(20_000) } },
    { name: 'beta', version: '1.0.0', files: { 'index.js': 'module.exports = 2;\n', 'data.bin': randomBytes(20_000) } },
];
function run(cmd, args, env, cwd) {
    const t0 = Date.now();
    return new Promise((ok) => {
        const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        const kill = setTimeout(() => child.kill('SIGKILL'), 400_000);
        child.on('close', (code) => {
            clearTimeout(kill);
            ok({ code, ms: Date.now() - t0, out });
        });
    });
}
const firstError = (out, tool) => {
    const lines = out.split('\n');
    if (tool === 'ssdp')
        return lines.find((l) => l.startsWith('ssdp: ')) ?? (/\n\s+at /.test(out) ? 'stack trace' : '');
    const code = lines.find((l) => /^npm error code /.test(l))?.replace('npm error code ', '') ?? '';
    const msg = lines.find((l) => /^npm error (?!code |errno |A complete log|syscall )/.test(l))?.replace('npm error ', '') ?? '';
    return [code, msg].filter(Boolean).join(': ');
};
const clip = (s) => (s.length > 150 ? s.slice(0, 147) + '...' : s).replace(/\|/g, '\\|');
async function one(label, faults) {
    const work = mkdtempSync(join(tmpdir(), 'ssdp-faults-'));
    const regS = await startRegistry(versions());
    const regN = await startRegistry(versions());
    regS.faults(faults);
    regN.faults(faults);
    const base = { ...process.env, CI: '1', npm_config_update_notifier: 'false' };
    const [s, n] = await Promise.all([
        run(process.execPath, [ENTRY, 'env', 'create', '-n', 'm', 'alpha'], { ...base, SSDP_ROOT: join(work, 'root'), npm_config_registry: regS.url, SSDP_FETCH_TIMEOUT: '5' }, work),
        run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', join(work, 'npm'), '--registry', regN.url + '/', '--cache', join(work, 'npm-cache'), '--fetch-timeout=5000', 'alpha'], base, work),
    ]);
    await regS.close();
    await regN.close();
    rmSync(work, { recursive: true, force: true });
    const cell = (r, tool) => `${r.code === 0 ? 'installs' : `exit ${r.code}`} in ${(r.ms / 1000).toFixed(1)} s${r.code === 0 ? '' : `: ${clip(firstError(r.out, tool))}`}`;
    return `| ${label} | ${cell(s, 'ssdp')} | ${cell(n, 'npm')} |`;
}
const rows = await Promise.all(FAULTS.map(([label, f]) => one(label, f)));
console.log('| fault | ssdp | npm ' + (await run('npm', ['--version'], process.env, tmpdir())).out.trim() + ' |');
console.log('|---|---|---|');
for (const r of rows)
    console.log(r);
//# sourceMappingURL=fault-matrix.js.map
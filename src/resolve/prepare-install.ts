/**
 * The `npm install` pacote runs in a git dependency's clone before its prepare script (pacote
 * spawns this file as its npmBin). npm would run the install scripts of every devDependency it
 * installs there; ssdp runs a package's scripts only when allowed, so the install runs with
 * --ignore-scripts, then `npm rebuild` runs the install scripts of the allowed packages only,
 * and the names of the skipped ones go to REPORT (one JSON array) for ssdp to warn about.
 *
 * argv: REPORT ALLOWED_JSON NPM_ARGS...
 */
import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Installed packages below `dir` whose install npm would run: an install script, or a binding.gyp (node-gyp rebuild). */
function withInstallScripts(modules: string, out: Set<string>): void {
  let names: string[];
  try {
    names = readdirSync(modules);
  } catch {
    return;
  }
  for (const n of names) {
    if (n.startsWith('.')) continue;
    if (n.startsWith('@')) {
      withInstallScripts(join(modules, n), out);
      continue;
    }
    const dir = join(modules, n);
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; scripts?: Record<string, string> };
      const s = pkg.scripts ?? {};
      if (s.preinstall || s.install || s.postinstall || existsSync(join(dir, 'binding.gyp'))) out.add(pkg.name ?? n);
    } catch {
      // not a package folder
    }
    withInstallScripts(join(dir, 'node_modules'), out);
  }
}

/**
 * Runs npm with this process's stdio. execa's cleanup (the default) stops npm if this helper is
 * signalled (pacote gave up on it), rather than leaving it installing into a clone being removed.
 */
async function npm(args: string[]): Promise<void> {
  const r = await execa(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { stdio: 'inherit', reject: false });
  if (r.code === 'ENOENT') {
    // Debian's nodejs ships no npm: said so, not "exit code 1: no output" blamed on the repository
    // (tester s17 try13u U6). resolve/sources.ts knows these words.
    process.stderr.write('ssdp: npm was not found on PATH\n');
    process.exit(127);
  }
  if (r.exitCode !== 0) process.exit(r.exitCode ?? 1);
}

const [report, allowedJson, ...args] = process.argv.slice(2);
await npm([...args, '--ignore-scripts']);
const found = new Set<string>();
withInstallScripts(join(process.cwd(), 'node_modules'), found);
const allowed = new Set(JSON.parse(allowedJson ?? '[]') as string[]);
const run = [...found].filter((n) => allowed.has(n));
if (run.length) await npm(['rebuild', ...run, '--ignore-scripts=false', '--no-audit', '--no-fund']);
writeFileSync(report!, JSON.stringify([...found].filter((n) => !allowed.has(n)).sort()));

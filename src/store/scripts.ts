/**
 * Install scripts are code from strangers run with the user's rights, so ssdp never runs them
 * unless the package is named in allowScripts; an install that skips one says so in one line,
 * naming the flag that would allow it. Allowed scripts run like npm runs them (preinstall,
 * install, postinstall in the package folder, deepest packages first) with the env's bin first
 * on PATH, so `node` is the env's pinned one.
 */
import { delimiter, join } from 'node:path';
import { SsdpError } from '../util/errors.js';
import type { PackageIndex } from './cas.js';

export interface ScriptTarget {
  name: string;
  version: string;
  /** Absolute package folder in the prefix. */
  dir: string;
  scripts: NonNullable<PackageIndex['scripts']>;
}

export async function runInstallScripts(targets: ScriptTarget[], prefix: string, extraPath: string[] = []): Promise<void> {
  if (!targets.length) return;
  const { execa } = await import('execa');
  const depth = (t: ScriptTarget) => t.dir.split('/node_modules/').length;
  const ordered = [...targets].sort((a, b) => depth(b) - depth(a) || a.dir.localeCompare(b.dir));
  const binDir = join(prefix, 'bin');
  // npm's INIT_CWD is the folder npm was run from (@npmcli/config: process.cwd()), for every
  // script of the install; the package's own folder only when the command ran there. A deleted
  // current folder has none: the package folder then, as the script's cwd.
  let initCwd: string | undefined;
  try {
    initCwd = process.cwd();
  } catch {
    initCwd = undefined;
  }
  for (const t of ordered) {
    for (const event of ['preinstall', 'install', 'postinstall'] as const) {
      const script = t.scripts[event];
      if (!script) continue;
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
          INIT_CWD: initCwd ?? t.dir,
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

export function skippedScriptWarning(name: string): string {
  return `skipped install script of ${name}; allow with --allow-scripts ${name}`;
}

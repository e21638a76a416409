/**
 * `ssdp env ...` (create, list, remove, export, update) and `ssdp info --envs`. Thin: parse,
 * call src/env, print through the reporter. The env library is imported lazily so `--help` and
 * unrelated commands do not pay for it.
 */
import type { Argv } from 'yargs';
import { createReporter, type Reporter } from '../../util/reporter.js';

export type Args = Record<string, unknown>;

export const env = () => import('../../env/index.js');

export function reporterOf(a: Args): Reporter {
  return createReporter({ json: a.json as boolean | undefined, quiet: a.quiet as boolean | undefined });
}

export async function rootOf(a: Args): Promise<string> {
  return (await env()).resolveRoot(a.root as string | undefined);
}

/** The command line as recorded in revisions (without global options). */
export function commandLine(words: string[], a: Args, extra: string[] = []): string {
  return ['ssdp', ...words, ...extra, ...(a.name !== undefined ? ['-n', String(a.name)] : []), ...(a.prefix !== undefined ? ['-p', String(a.prefix)] : [])].join(' ');
}

export function targetOptions<T>(y: Argv<T>) {
  return y
    .option('name', { alias: 'n', type: 'string', describe: 'env name (under ROOT/envs)' })
    .option('prefix', { alias: 'p', type: 'string', describe: 'env prefix path' });
}

export function installOptions<T>(y: Argv<T>) {
  return y
    .option('offline', { type: 'boolean', describe: 'use only cached metadata and the package store' })
    .option('allow-scripts', { type: 'string', array: true, describe: 'packages whose install scripts may run (a,b)' })
    .option('before', { type: 'string', describe: 'only versions published before this date (minimum release age)' });
}

export async function createCommand(a: Args, words: string[]): Promise<void> {
  const lib = await env();
  const reporter = reporterOf(a);
  const { splitList, parseBefore } = await import('../../env/spec.js');
  const packages = ((a.packages as unknown[]) ?? []).map(String);
  const r = await lib.createEnv({
    root: await rootOf(a),
    reporter,
    name: a.name as string | undefined,
    prefix: a.prefix as string | undefined,
    file: a.file as string | undefined,
    packages,
    force: a.force as boolean | undefined,
    dryRun: a['dry-run'] as boolean | undefined,
    offline: a.offline as boolean | undefined,
    allowScripts: splitList(a['allow-scripts']),
    before: a.before !== undefined ? parseBefore(String(a.before)) : undefined,
    command: commandLine(words, a, [...(a.file !== undefined ? ['-f', String(a.file)] : []), ...packages]),
  });
  if (r.kind === 'plan') {
    reporter.result(r.plan, (p) => lib.formatPlan(p as never));
    return;
  }
  const t = r.target;
  const n = r.revision.diff.added.filter((c) => c.path !== 'node').length;
  const node = r.revision.diff.added.find((c) => c.path === 'node');
  reporter.result(
    { name: t.name, prefix: t.prefix, revision: r.revision.revision, added: r.revision.diff.added },
    () => `Created env ${t.name} at ${t.prefix} (${n} package${n === 1 ? '' : 's'}${node ? `, node ${node.to}` : ''}).\nRun a command in it with: ssdp run ${t.named ? `-n ${t.name}` : `-p ${t.prefix}`} -- node --version`,
  );
}

export function createBuilder<T>(y: Argv<T>) {
  return installOptions(targetOptions(y))
    .positional('packages', { type: 'string', array: true, describe: 'packages (conda or npm specs), when no -f' })
    .option('file', { alias: 'f', type: 'string', describe: 'spec file (environment.yml shape) or lockfile' })
    .option('dry-run', { type: 'boolean', describe: 'show what would be installed, change nothing' })
    .option('force', { type: 'boolean', describe: 'replace an existing env' });
}

export async function listEnvsCommand(a: Args): Promise<void> {
  const lib = await env();
  const envs = lib.listEnvs(await rootOf(a));
  reporterOf(a).result(envs, () => lib.formatEnvList(envs));
}

export async function listPackagesCommand(a: Args): Promise<void> {
  const lib = await env();
  const reporter = reporterOf(a);
  const t = lib.resolveTarget(await rootOf(a), a, undefined, true);
  lib.requireEnv(t);
  if (a.revisions) {
    const revs = lib.readRevisions(t.prefix).map(({ lock: _l, state: _s, ...r }) => r);
    reporter.result(revs, () => (revs.length ? revs.map((r) => lib.formatRevision(r as never)).join('\n\n') : '# no revisions'));
    return;
  }
  const state = lib.readEnvState(t.prefix)!;
  const { parseRequest } = await import('../../resolve/index.js');
  const rows = lib.packageRows(lib.readCurrentLock(t.prefix)!, new Set(state.requested.map((r) => parseRequest(r).name)));
  reporter.result(rows, () => lib.formatPackageRows(t.prefix, rows));
}

export function register(y: Argv): Argv {
  return y
    .command('env', 'create, list, remove, export and update environments', (e) =>
      e
        .command('create [packages..]', 'create an env from a spec file (-f) or packages', createBuilder, (a) => createCommand(a, ['env', 'create']))
        .command('list', 'list envs; the active one is marked *', (x) => x, listEnvsCommand)
        .command(
          'remove',
          'remove an env',
          (x) => targetOptions(x),
          async (a) => {
            const lib = await env();
            const reporter = reporterOf(a);
            const t = await lib.removeEnv({ root: await rootOf(a), reporter, name: a.name, prefix: a.prefix, command: 'env remove' });
            reporter.result({ removed: t.prefix }, () => `Removed env ${t.name} (${t.prefix}).`);
          },
        )
        .command(
          'export',
          'print a spec that recreates the env (exact pins by default)',
          (x) =>
            targetOptions(x)
              .option('from-history', { type: 'boolean', describe: 'the packages as you asked for them' })
              .option('lock', { type: 'boolean', describe: 'the lockfile (exact tree)' })
              .option('file', { alias: 'f', type: 'string', describe: 'write to this file instead of stdout' })
              .conflicts('from-history', 'lock'),
          async (a) => {
            const lib = await env();
            const t = lib.resolveTarget(await rootOf(a), a, undefined, true);
            lib.requireEnv(t);
            const text = await lib.exportEnv(lib.readEnvState(t.prefix)!, lib.readCurrentLock(t.prefix)!, a.lock ? 'lock' : a['from-history'] ? 'history' : 'pins');
            if (a.file !== undefined) {
              const { writeFileSync, renameSync } = await import('node:fs');
              const tmp = `${a.file}.${process.pid}.tmp`;
              writeFileSync(tmp, text);
              renameSync(tmp, a.file);
              reporterOf(a).info(`Wrote ${a.file}.`);
            } else process.stdout.write(text.endsWith('\n') ? text : text + '\n');
          },
        )
        .command(
          'update',
          'update an env from a spec file',
          (x) =>
            installOptions(targetOptions(x))
              .option('file', { alias: 'f', type: 'string', demandOption: true, describe: 'spec file' })
              .option('prune', { type: 'boolean', describe: 'remove what the spec no longer lists' }),
          async (a) => {
            const lib = await env();
            const reporter = reporterOf(a);
            const rev = await lib.updateFromSpec({ root: await rootOf(a), reporter, name: a.name, prefix: a.prefix, file: a.file, prune: a.prune, offline: a.offline, command: commandLine(['env', 'update'], a, ['-f', a.file, ...(a.prune ? ['--prune'] : [])]) });
            reportRevision(reporter, rev);
          },
        )
        .demandCommand(1, 'Name an env command: create, list, remove, export or update.'),
    )
    .command(
      'info',
      'show ssdp settings; --envs lists envs',
      (x) => x.option('envs', { type: 'boolean', describe: 'list envs (like ssdp env list)' }),
      async (a) => {
        if (a.envs) return listEnvsCommand(a);
        const lib = await env();
        const root = await rootOf(a);
        const info = { root, store: lib.rootLayout(root).store, activePrefix: process.env.SSDP_PREFIX ?? null, node: process.version, envs: lib.listEnvs(root).length };
        reporterOf(a).result(info, () => Object.entries(info).map(([k, v]) => `${k.padStart(12)} : ${v ?? '-'}`).join('\n'));
      },
    );
}

export function reportRevision(reporter: Reporter, rev: { revision: number; diff: { added: unknown[]; removed: unknown[]; changed: unknown[] } } | undefined): void {
  if (!rev) {
    reporter.result({ changed: false }, () => 'All requested packages already installed; nothing changed.');
    return;
  }
  const d = rev.diff;
  reporter.result({ revision: rev.revision, ...d }, () => `Revision ${rev.revision}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed.`);
}

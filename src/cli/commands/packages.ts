/**
 * Package-level commands, conda style: `create`, `install`, `remove`, `update`, `list`
 * (`--revisions`), `install --revision N` (rollback) and `clean`. Without -n/-p they act on the
 * active env ($SSDP_PREFIX).
 */
import type { Argv } from 'yargs';
import { SsdpError } from '../../util/errors.js';
import { commandLine, createBuilder, createCommand, env, installOptions, listPackagesCommand, reportRevision, reporterOf, rootOf, targetOptions, type Args } from './env.js';

const pkgs = (a: Args) => ((a.packages as unknown[]) ?? []).map(String);

async function install(a: Args): Promise<void> {
  const lib = await env();
  const reporter = reporterOf(a);
  const common = { root: await rootOf(a), reporter, name: a.name as string | undefined, prefix: a.prefix as string | undefined, offline: a.offline as boolean | undefined };
  if (a.revision !== undefined) {
    if (pkgs(a).length > 0) throw new SsdpError('E_BAD_ARGS', 'give either packages or --revision N, not both.');
    const n = Number(a.revision);
    if (!Number.isInteger(n) || n < 0) throw new SsdpError('E_BAD_ARGS', `--revision takes a revision number, not '${String(a.revision)}'.`, { hint: 'See ssdp list --revisions.' });
    reportRevision(reporter, await lib.rollback({ ...common, revision: n, command: commandLine(['install'], a, ['--revision', String(n)]) }));
    return;
  }
  const { parseBefore } = await import('../../env/spec.js');
  reportRevision(
    reporter,
    await lib.installPackages({ ...common, packages: pkgs(a), before: a.before !== undefined ? parseBefore(String(a.before)) : undefined, command: commandLine(['install'], a, pkgs(a)) }),
  );
}

export function register(y: Argv): Argv {
  return y
    .command('create [packages..]', 'create an env (same as ssdp env create)', createBuilder, (a) => createCommand(a, ['create']))
    .command(
      'install [packages..]',
      'add packages to an env, or roll back with --revision N',
      (x) =>
        installOptions(targetOptions(x))
          .positional('packages', { type: 'string', array: true })
          .option('revision', { type: 'string', describe: 'restore this revision (see ssdp list --revisions)' }),
      install,
    )
    .command(
      'remove [packages..]',
      'remove packages from an env',
      (x) => targetOptions(x).positional('packages', { type: 'string', array: true }).option('offline', { type: 'boolean' }),
      async (a) => {
        const lib = await env();
        const reporter = reporterOf(a);
        reportRevision(reporter, await lib.removePackages({ root: await rootOf(a), reporter, name: a.name, prefix: a.prefix, offline: a.offline, packages: pkgs(a), command: commandLine(['remove'], a, pkgs(a)) }));
      },
    )
    .command(
      'update [packages..]',
      'update packages (or --all) to the newest versions the specs allow',
      (x) => installOptions(targetOptions(x)).positional('packages', { type: 'string', array: true }).option('all', { type: 'boolean', describe: 'update everything' }),
      async (a) => {
        const lib = await env();
        const reporter = reporterOf(a);
        reportRevision(
          reporter,
          await lib.updatePackages({ root: await rootOf(a), reporter, name: a.name, prefix: a.prefix, offline: a.offline, packages: pkgs(a), all: a.all, command: commandLine(['update'], a, a.all ? ['--all'] : pkgs(a)) }),
        );
      },
    )
    .command(
      'list',
      'list the packages of an env (--revisions: its history)',
      (x) => targetOptions(x).option('revisions', { type: 'boolean', describe: 'list revisions with what each changed' }),
      listPackagesCommand,
    )
    .command(
      'clean',
      'delete store entries no env uses',
      (x) => x,
      async (a) => {
        const lib = await env();
        const r = await lib.cleanRoot(await rootOf(a));
        reporterOf(a).result(r, () =>
          [`Removed ${r.count} unused package${r.count === 1 ? '' : 's'} (${(r.bytes / 1e6).toFixed(1)} MB) from the store.`, ...r.removed.map((x) => `  - ${x.name}@${x.version}`)].join('\n'),
        );
      },
    );
}

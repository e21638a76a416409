/**
 * Package-level commands, conda style: `create`, `install`, `remove`, `update`, `list`
 * (`--revisions`), `install --revision N` (rollback) and `clean`. Without -n/-p they act on the
 * active env ($SSDP_PREFIX).
 */
import { SsdpError } from '../../util/errors.js';
import { settingsOf, type CommandName, type Handler, type Settings } from '../options.js';
import { commandLine, createCommand, env, listPackagesCommand, reportRevision, reporterOf, rootOf, withoutPositionals } from './env.js';
import { liftHint } from '../../util/file-attributes.js';

async function install(a: Settings<'install'>): Promise<void> {
  const lib = await env();
  const reporter = reporterOf(a);
  const pkgs = a.positionals;
  const common = { root: await rootOf(a), reporter, name: a.name, prefix: a.prefix, offline: a.offline, dryRun: a['dry-run'] };
  if (a.revision !== undefined) {
    if (pkgs.length > 0) throw new SsdpError('E_BAD_ARGS', 'give either packages or --revision N, not both.');
    // Digits only: Number() would take ' 1', '0x1' and '1e0' as revision 1.
    const n = /^\d+$/.test(String(a.revision)) ? Number(a.revision) : NaN;
    if (!Number.isSafeInteger(n)) throw new SsdpError('E_BAD_ARGS', `--revision takes a revision number, not '${a.revision}'.`, { hint: 'See: ssdp list --revisions (with the same -n/-p).' });
    reportRevision(reporter, await lib.rollback({ ...common, revision: n, command: commandLine(['install'], a, ['--revision', String(n)]) }), a.quiet);
    return;
  }
  const { parseBefore, splitList } = await import('../../env/spec.js');
  reportRevision(
    reporter,
    await lib.installPackages({ ...common, packages: pkgs, allowScripts: splitList(a['allow-scripts']), before: a.before !== undefined ? parseBefore(a.before) : undefined, command: commandLine(['install'], a, pkgs) }),
    a.quiet,
  );
}

async function remove(a: Settings<'remove'>): Promise<void> {
  const lib = await env();
  const reporter = reporterOf(a);
  const pkgs = a.positionals;
  reportRevision(reporter, await lib.removePackages({ root: await rootOf(a), reporter, name: a.name, prefix: a.prefix, offline: a.offline, dryRun: a['dry-run'], packages: pkgs, command: commandLine(['remove'], a, pkgs) }), a.quiet);
}

async function update(a: Settings<'update'>): Promise<void> {
  const lib = await env();
  const reporter = reporterOf(a);
  const pkgs = a.positionals;
  reportRevision(
    reporter,
    await lib.updatePackages({ root: await rootOf(a), reporter, name: a.name, prefix: a.prefix, offline: a.offline, dryRun: a['dry-run'], packages: pkgs, all: a.all, command: commandLine(['update'], a, a.all ? ['--all'] : pkgs) }),
    a.quiet,
  );
}

async function clean(a: Settings<'clean'>): Promise<void> {
  const lib = await env();
  const root = await rootOf(a);
  const r = await lib.cleanRoot(root);
  const reporter = reporterOf(a);
  const v = a.verify ? await lib.verifyRoot(root, reporter) : undefined;
  // The summary is all clean says: -q silences it (--json still gives the result).
  if (a.quiet && !a.json) return;
  const { formatEnvRepairs } = await import('../../env/relink-repaired.js');
  const { removedNote } = await import('../../env/leftovers.js');
  const { mountedLeftoverWarning } = await import('../../env/swap.js');
  reporter.result(v ? { ...r, verify: v } : r, () =>
    [
      `Removed ${r.count} unused package${r.count === 1 ? '' : 's'} (${(r.bytes / 1e6).toFixed(1)} MB) from the store.`,
      ...r.removed.map((x) => `  - ${x.name}@${x.version}`),
      ...(r.missingEnvs.length
        ? [`Kept every stored package: ${r.missingEnvs.slice(0, 3).join(', ')}${r.missingEnvs.length > 3 ? ' and more' : ''} ${r.missingEnvs.length === 1 ? 'is a -p env whose folder is' : 'are -p envs whose folders are'} not there (a disk not mounted?), and what ${r.missingEnvs.length === 1 ? 'it needs' : 'they need'} cannot be told. Mount it again, or forget it with ssdp env remove -p PATH (-n NAME for a link in ROOT/envs); then ssdp clean prunes.`]
        : []),
      ...r.removedLeftovers.map(removedNote),
      ...r.keptLeftovers.map((k) => k.mounts.length ? mountedLeftoverWarning(k.path, k.mounts, k.refused) : `Kept ${k.path}: ${k.refused.slice(0, 3).join(', ')}${k.refused.length > 3 ? ' and more' : ''} still refuse deletion (chattr +i / +a?); lift the attribute (${k.refused[0] ? liftHint(k.refused[0]).lift : 'chattr -i -a FILE'}) and run ssdp clean again.`),
      ...r.removedDownloads.map((d) => `Removed ${d}: what a killed git clone or tarball download left.`),
      ...(v
        ? [
            `Verified ${v.checked} package${v.checked === 1 ? '' : 's'} (${v.files} files); repaired ${v.repaired.length}${v.unverifiable ? `; ${v.unverifiable} stored by an older ssdp have no file hashes and were skipped` : ''}.`,
            ...v.repaired.map((x) => `  - ${x.version ? `${x.name}@${x.version}` : x.name}: ${x.problem}; ${x.action}`),
            ...v.droppedRecords.map((d) => `  removed the damage record ${d.path}: ${d.why}, so it named nothing to repair`),
            ...formatEnvRepairs(v.envs),
          ]
        : []),
    ].join('\n'),
  );
}

export const handlers: Partial<Record<CommandName, Handler>> = {
  create: (p) => createCommand(settingsOf(p, 'create'), ['create']),
  install: (p) => install(settingsOf(p, 'install')),
  remove: (p) => remove(settingsOf(p, 'remove')),
  update: (p) => update(settingsOf(p, 'update')),
  list: withoutPositionals('list', listPackagesCommand),
  clean: withoutPositionals('clean', clean),
};

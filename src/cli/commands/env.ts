/**
 * `ssdp env ...` (create, list, remove, export, update) and `ssdp info`. Thin: take the typed
 * settings (src/cli/options.ts), call src/env, print through the reporter. The env library is
 * imported lazily so unrelated commands do not pay for it.
 */
import { dirname, resolve as resolvePath } from 'node:path';
import { SsdpError } from '../../util/errors.js';
import { createReporter, setRetryNotice, type Reporter } from '../../util/reporter.js';
import { settingsOf, type CommandName, type Handler, type Settings } from '../options.js';
import { shellWord } from '../../shell/dialects.js';
import { formatChangePlan, isChangePlan, type ChangePlan } from '../../env/change-plan.js';
import type { Revision } from '../../env/revisions.js';

export const env = () => import('../../env/index.js');

export function reporterOf(a: { json?: boolean; quiet?: boolean }): Reporter {
  const reporter = createReporter({ json: a.json, quiet: a.quiet });
  setRetryNotice((line) => reporter.info(`ssdp: ${line}`));
  return reporter;
}

export async function rootOf(a: { root?: string }): Promise<string> {
  // prefix.js alone: the env barrel would load every env command's modules (create pays per module).
  return (await import('../../env/prefix.js')).resolveRoot(a.root);
}

/** The command line as recorded in revisions (without global options). */
export function commandLine(words: string[], a: { name?: string; prefix?: string }, extra: string[] = []): string {
  return ['ssdp', ...words, ...extra, ...(a.name !== undefined ? ['-n', a.name] : []), ...(a.prefix !== undefined ? ['-p', a.prefix] : [])].join(' ');
}

/** A handler for a command without positional arguments: a stray word is an error, not ignored. */
export function withoutPositionals<C extends CommandName>(command: C, fn: (a: Settings<C>) => Promise<number | void>): Handler {
  return async (p) => {
    const a = settingsOf(p, command);
    if (a.positionals.length) throw new SsdpError('E_BAD_ARGS', `ssdp ${command} takes no argument '${a.positionals[0]}'.`, { hint: `See: ssdp ${command} --help`, exitCode: 2 });
    return fn(a);
  };
}

export async function createCommand(a: Settings<'create'>, words: string[]): Promise<void> {
  const lib = await import('../../env/operations.js'); // not the barrel: see rootOf
  const reporter = reporterOf(a);
  const { splitList, parseBefore } = await import('../../env/spec.js');
  const packages = a.positionals;
  const r = await lib.createEnv({
    root: await rootOf(a),
    reporter,
    name: a.name,
    prefix: a.prefix,
    file: a.file,
    packages,
    force: a.force,
    dryRun: a['dry-run'],
    offline: a.offline,
    allowScripts: splitList(a['allow-scripts']),
    before: a.before !== undefined ? parseBefore(a.before) : undefined,
    command: commandLine(words, a, [...(a.file !== undefined ? ['-f', a.file] : []), ...packages]),
  });
  if (r.kind === 'plan') {
    reporter.result(r.plan, (p) => lib.formatPlan(p as never));
    return;
  }
  const t = r.target;
  // Like clean: the summary is all create says, and -q silences it (--json still gives the result).
  if (a.quiet && !a.json) return;
  const n = r.revision.diff.added.filter((c) => c.path !== 'node').length;
  const node = r.revision.diff.added.find((c) => c.path === 'node');
  reporter.result(
    { name: t.name, prefix: t.prefix, revision: r.revision.revision, added: r.revision.diff.added },
    () => `Created env ${t.name} at ${t.prefix} (${n} package${n === 1 ? '' : 's'}${node ? `, node ${node.to}` : ''}).\nRun a command in it with: ssdp run ${t.named ? `-n ${t.name}` : `-p ${shellWord(t.prefix)}`} node --version`,
  );
}


export async function listEnvsCommand(a: { root?: string; json?: boolean; quiet?: boolean }): Promise<void> {
  const lib = await env();
  const root = await rootOf(a);
  const reporter = reporterOf(a);
  const envs = lib.listEnvs(root, (m) => reporter.warn(m));
  reporter.result(envs, () => lib.formatEnvList(envs));
  // A killed create or `env remove` leaves its folder next to the env; said here, finished by clean.
  const { findLeftovers, describeLeftover } = await import('../../env/leftovers.js');
  for (const l of findLeftovers(root)) reporter.warn(describeLeftover(l));
}

export async function listPackagesCommand(a: Settings<'list'>): Promise<void> {
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
  const rows = lib.packageRows(lib.requireCurrentLock(t.prefix), new Set(state.requested.map((r) => parseRequest(r).name)));
  reporter.result(rows, () => lib.formatPackageRows(t.prefix, rows));
}

async function removeEnvCommand(a: Settings<'env remove'>): Promise<void> {
  const lib = await env();
  const reporter = reporterOf(a);
  const root = await rootOf(a);
  if (a['dry-run']) {
    const plan = lib.planRemoveEnv(root, a);
    const json =
      plan.kind === 'link'
        ? { removed: null, wouldRemove: null, wouldRemoveLink: plan.link.path, linkTarget: plan.link.to }
        : plan.kind === 'forget'
          ? { removed: null, wouldRemove: null, wouldForget: plan.target.prefix }
          : { removed: null, wouldRemove: plan.target.prefix, userFiles: plan.userFiles, links: plan.links, ...(plan.blocked ? { blocked: plan.blocked } : {}) };
    reporter.result(json, () => lib.formatRemovePlan(plan));
    return;
  }
  const r = await lib.removeEnv({ root, reporter, name: a.name, prefix: a.prefix });
  if (a.quiet && !a.json) return;
  const json = r.kind === 'link' ? { removed: null, removedLink: r.link.path, linkTarget: r.link.to } : r.kind === 'forget' ? { removed: null, forgotten: r.target.prefix } : { removed: r.target.prefix, links: r.links };
  reporter.result(json, () => lib.formatRemoved(r));
}

async function exportCommand(a: Settings<'env export'>): Promise<void> {
  if (a.lock && a['from-history']) throw new SsdpError('E_BAD_ARGS', '--lock and --from-history ask for different exports; give one.', { exitCode: 2 });
  const lib = await env();
  const t = lib.resolveTarget(await rootOf(a), a, undefined, true);
  lib.requireEnv(t);
  // Relative file: entries are written relative to the exported file's folder: -f FILE's, or the
  // file stdout is redirected into; through a pipe or to a terminal they are written absolute.
  const { stdoutFileFolder, writeExportFile } = await import('../../env/export-file.js');
  const dir = a.file !== undefined ? dirname(resolvePath(a.file)) : stdoutFileFolder();
  const masked = new Set<string>();
  const text = await lib.exportEnv(lib.readEnvState(t.prefix)!, lib.requireCurrentLock(t.prefix), a.lock ? 'lock' : a['from-history'] ? 'history' : 'pins', dir, (u) => masked.add(u));
  const reporter = reporterOf(a);
  if (masked.size) {
    reporter.warn(`the export writes the secret in ${[...masked].join(', ')} as ***: write it back where you recreate the env (a token in a query, a password), or serve the package from a registry whose token is in .npmrc`);
  }
  if (a.file !== undefined) {
    const written = await writeExportFile(a.file, text, a.force);
    reporter.info(`Wrote ${a.file}${written !== resolvePath(a.file) ? ` (${written})` : ''}.`);
  }
  if (reporter.json) {
    // The export itself as JSON: the lock as it is, the spec's fields (also when -f wrote it).
    reporter.result(a.lock ? JSON.parse(text) : (await import('yaml')).parse(text));
  } else if (a.file === undefined) reporter.data(text.endsWith('\n') ? text : text + '\n');
}

async function updateEnvCommand(a: Settings<'env update'>): Promise<void> {
  if (a.file === undefined) throw new SsdpError('E_BAD_ARGS', 'ssdp env update needs the spec file: -f FILE.', { exitCode: 2 });
  const lib = await env();
  const reporter = reporterOf(a);
  const rev = await lib.updateFromSpec({
    root: await rootOf(a),
    reporter,
    name: a.name,
    prefix: a.prefix,
    file: a.file,
    prune: a.prune,
    offline: a.offline,
    dryRun: a['dry-run'],
    command: commandLine(['env', 'update'], a, ['-f', a.file, ...(a.prune ? ['--prune'] : [])]),
  });
  reportRevision(reporter, rev, a.quiet);
}

async function infoCommand(a: Settings<'info'>): Promise<void> {
  if (a.envs) return listEnvsCommand(a);
  const lib = await env();
  const root = await rootOf(a);
  const { ssdpVersion } = await import('../version.js'); // not loaded by the env commands
  const info = { ssdp: ssdpVersion(), root, store: lib.rootLayout(root).store, activePrefix: process.env.SSDP_PREFIX ?? null, node: process.version, envs: lib.listEnvs(root).length };
  reporterOf(a).result(info, () => Object.entries(info).map(([k, v]) => `${k.padStart(12)} : ${v ?? '-'}`).join('\n'));
}

/**
 * `quiet`: -q silences the summary of a change, as for create and clean (--json still gives it);
 * a --dry-run plan is what was asked for and still prints.
 */
export function reportRevision(reporter: Reporter, rev: Revision | ChangePlan | undefined, quiet = false): void {
  if (isChangePlan(rev)) {
    reporter.result({ dryRun: true, prefix: rev.prefix, creates: rev.creates, ...rev.diff }, () => formatChangePlan(rev));
    return;
  }
  if (quiet && !reporter.json) return;
  if (!rev) {
    reporter.result({ changed: false }, () => 'All requested packages already installed; nothing changed.');
    return;
  }
  const d = rev.diff;
  reporter.result({ revision: rev.revision, ...d }, () => `Revision ${rev.revision}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed.`);
}

export const handlers: Partial<Record<CommandName, Handler>> = {
  'env create': (p) => createCommand(settingsOf(p, 'env create'), ['env', 'create']),
  'env list': withoutPositionals('env list', listEnvsCommand),
  'env remove': withoutPositionals('env remove', removeEnvCommand),
  'env export': withoutPositionals('env export', exportCommand),
  'env update': withoutPositionals('env update', updateEnvCommand),
  info: withoutPositionals('info', infoCommand),
};

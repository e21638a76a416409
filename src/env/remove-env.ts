/**
 * `ssdp env remove` and its --dry-run. Two cases:
 * - `-n NAME` where ROOT/envs/NAME is a symlink: only the link goes (the lead's decision, issue 8):
 *   the env it points to may be a project folder registered under a short name, and a name is not
 *   a licence to delete what lives elsewhere. The message says how to remove the env itself.
 * - an env (by -n, by -p, or -p through a link): it is removed, and so is every ROOT/envs link
 *   that pointed at it, so no dangling name is left behind in `env list`.
 */
import { lstatSync, readdirSync, readlinkSync, realpathSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { SsdpError } from '../util/errors.js';
import type { Reporter } from '../util/reporter.js';
import { shellWord as word } from '../shell/dialects.js';
import { rootLayout } from './prefix.js';
import { checkEnvName, looksLikeEnv, onMissingDisk, readRegistered, resolveTarget, requireEnv, forgetEnv, userFilesIn, type EnvTarget, type TargetArgs } from './target.js';
import { withEnvLock } from './commit.js';
import { atCommitPoint } from '../util/commit-point.js';
import { hasLeftovers, removeAtomically, stuckWarning } from './swap.js';
import { refuseMounts } from './mounts.js';
import { refuseNesting } from './nesting.js';

/** ROOT/envs/NAME as a symlink: where it points (absolute), and whether that is there. */
export interface EnvLink {
  name: string;
  path: string;
  to: string;
  /** The target exists and is an env (possibly damaged). */
  isEnv: boolean;
  dangling: boolean;
}

export type RemovePlan =
  | { kind: 'link'; link: EnvLink }
  /** A registered -p env whose folder is not there (a disk not mounted): only its registration goes. */
  | { kind: 'forget'; target: EnvTarget }
  | {
      kind: 'env';
      target: EnvTarget;
      /** A few of the user's own files in it (a real remove deletes them too). */
      userFiles: string[];
      moreUserFiles: boolean;
      /** ROOT/envs links pointing at the env: removed with it. */
      links: string[];
      /** Why a real remove would stop (a volume mounted inside the env): reported, not thrown. */
      blocked?: string;
    };

export type Removed = { kind: 'link'; link: EnvLink } | { kind: 'forget'; target: EnvTarget } | { kind: 'env'; target: EnvTarget; links: string[] };

/** An env env list shows as missing: recorded, its folder not there, nothing of ssdp's beside it. */
function isMissingRegistered(t: EnvTarget): boolean {
  return onMissingDisk(t.prefix) && !hasLeftovers(t.prefix) && readRegistered(t.root).includes(t.prefix);
}

function lstatOrUndefined(p: string) {
  try {
    return lstatSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** ROOT/envs/NAME when -n NAME names a symlink there; undefined otherwise. */
function envLinkOf(root: string, args: TargetArgs): EnvLink | undefined {
  if (args.name === undefined || args.prefix !== undefined) return undefined;
  checkEnvName(args.name, true);
  const path = join(rootLayout(root).envs, args.name);
  if (!lstatOrUndefined(path)?.isSymbolicLink()) return undefined;
  let to = resolvePath(dirname(path), readlinkSync(path));
  let dangling = false;
  try {
    to = realpathSync(path);
  } catch {
    dangling = true; // points at nothing, or a loop: the link alone is all there is to remove
  }
  return { name: args.name, path, to, dangling, isEnv: !dangling && looksLikeEnv(to) };
}

/** Every ROOT/envs entry that is a symlink resolving to `prefix`. */
function linksTo(root: string, prefix: string): string[] {
  const envs = rootLayout(root).envs;
  let names: string[] = [];
  try {
    names = readdirSync(envs).sort();
  } catch {
    return [];
  }
  return names
    .map((n) => join(envs, n))
    .filter((p) => {
      if (!lstatOrUndefined(p)?.isSymbolicLink()) return false;
      try {
        return realpathSync(p) === prefix;
      } catch {
        return false;
      }
    });
}

/** What `env remove` would do, refusing what a real remove refuses except a mount, which is reported (`--dry-run`). */
export function planRemoveEnv(root: string, args: TargetArgs): RemovePlan {
  const link = envLinkOf(root, args);
  if (link) return { kind: 'link', link };
  const t = resolveTarget(root, args);
  if (isMissingRegistered(t)) return { kind: 'forget', target: t };
  if (!looksLikeEnv(t.prefix, t.named)) requireEnv(t);
  let blocked: string | undefined;
  try {
    refuseMounts(t.prefix, 'remove the env at');
  } catch (e) {
    if (!(e instanceof SsdpError) || e.code !== 'E_ENV_MOUNT_POINT') throw e;
    blocked = `${e.message} ${e.hint ?? ''}`.trim();
  }
  refuseNesting(t.prefix, 'remove');
  const u = userFilesIn(t.prefix);
  return { kind: 'env', target: t, userFiles: u.shown, moreUserFiles: u.more, links: linksTo(root, t.prefix), blocked };
}


function linkSentence(l: EnvLink, past: boolean): string {
  const head = `${past ? 'Removed' : 'Would remove'} the link ${l.name} -> ${l.to}`;
  if (l.dangling) return `${head} (which points at nothing)`;
  if (!l.isEnv) return `${head}; ${l.to} (not an env) ${past ? 'stays' : 'would stay'} as it is`;
  return `${head}; the env at ${l.to} ${past ? 'stays' : 'would stay'}; remove it with ssdp env remove -p ${word(l.to)}`;
}

const alsoLinks = (links: string[], past: boolean) =>
  links.length ? `; ${past ? 'also removed' : 'and'} the link${links.length > 1 ? 's' : ''} ${links.join(', ')} that pointed at it` : '';

const forgetSentence = (t: EnvTarget, past: boolean) =>
  `${past ? 'Forgot' : 'Would forget'} env ${t.name} (${t.prefix}): its folder is not there (a disk not mounted?), so nothing ${past ? 'was' : 'would be'} deleted and ssdp env list ${past ? 'no longer shows' : 'would no longer show'} it. If the folder comes back, ${t.named ? `-n ${word(t.name)}` : `-p ${word(t.prefix)}`} still works, and its next change lists it again`;

export function formatRemovePlan(p: RemovePlan): string {
  if (p.kind === 'link') return `${linkSentence(p.link, false)}. Nothing was changed (--dry-run).`;
  if (p.kind === 'forget') return `${forgetSentence(p.target, false)}. Nothing was changed (--dry-run).`;
  const files = p.userFiles.length === 0 ? '' : `, with files of your own in it: ${p.userFiles.join(', ')}${p.moreUserFiles ? ' and more' : ''}`;
  const head = `Would remove env ${p.target.name} (${p.target.prefix})${files}${alsoLinks(p.links, false)}; nothing was changed (--dry-run).`;
  return p.blocked ? `${head}\nBut a real remove would stop before deleting anything: ${p.blocked}` : head;
}

export function formatRemoved(r: Removed): string {
  if (r.kind === 'link') return `${linkSentence(r.link, true)}.`;
  if (r.kind === 'forget') return `${forgetSentence(r.target, true)}.`;
  return `Removed env ${r.target.name} (${r.target.prefix})${alsoLinks(r.links, true)}.`;
}

/** A link that cannot be deleted (read-only root): a coded error instead of a stack. */
function unlinkOrSay(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT') return; // removed by someone else meanwhile: what we wanted
    if (!['EACCES', 'EPERM', 'EROFS'].includes(code)) throw e;
    throw new SsdpError('E_NOT_WRITABLE', `cannot remove the link ${path} (${code}): ${dirname(path)} is not writable.`, {
      hint: 'Use a writable ssdp root (--root DIR or SSDP_ROOT), or fix the permissions or mount.',
      cause: e,
    });
  }
}

export async function removeEnv(o: { root: string; reporter: Reporter } & TargetArgs): Promise<Removed> {
  const link = envLinkOf(o.root, o);
  if (link) {
    // Under the same lock a change through the link takes (it locks by the real prefix), so the
    // link does not vanish half-way through an install that resolved it.
    const lockFor: EnvTarget = { root: o.root, prefix: link.dangling ? link.path : link.to, name: link.name, named: true };
    await withEnvLock(lockFor, o.reporter, async () => atCommitPoint(`the link ${link.path} was removed`, () => unlinkOrSay(link.path)));
    return { kind: 'link', link };
  }
  const t = resolveTarget(o.root, o);
  if (process.env.SSDP_PREFIX && resolvePath(process.env.SSDP_PREFIX) === t.prefix) {
    throw new SsdpError('E_ENV_ACTIVE', `${t.prefix} is the active env.`, { hint: 'Run ssdp deactivate first.' });
  }
  let links: string[] = [];
  let forgot = false;
  await withEnvLock(t, o.reporter, async () => {
    if (isMissingRegistered(t)) {
      forgetEnv(t);
      forgot = true;
      return;
    }
    // A damaged env (unreadable env.json or lock.json) is still an env: it can be removed.
    if (!looksLikeEnv(t.prefix, t.named)) requireEnv(t);
    refuseMounts(t.prefix, 'remove the env at');
    refuseNesting(t.prefix, 'remove');
    // Found before the env goes: afterwards they no longer resolve to it.
    links = linksTo(o.root, t.prefix);
    const stuck = await atCommitPoint(`${t.prefix} was removed`, () => removeAtomically(t.prefix));
    if (stuck) o.reporter.warn(stuckWarning(stuck));
    for (const l of links) unlinkOrSay(l);
    // A set-aside leftover stays findable (env list, clean) through the recorded prefix.
    if (!stuck) forgetEnv(t);
  });
  return forgot ? { kind: 'forget', target: t } : { kind: 'env', target: t, links };
}

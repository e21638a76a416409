/**
 * `ssdp clean --verify` for the files ssdp writes into an env itself, not from the store: the node
 * shim (ssdp-meta/node), its preload (ssdp-meta/node_modules/node-hook.cjs) and the bin/node link to the shim.
 * Damaged (an interrupted copy or rsync of the env, an editor), they broke every `node` of the env
 * while verify said "repaired 0" (tester s16 try13t T13). They are generated from the env's meta
 * (pinned or not), so a damaged one is simply written again, under the env's lock, through a temp
 * name and a rename (the env never lacks the file). An env written before its bin wrappers were also
 * JavaScript gets them rewritten too (old-wrappers.ts).
 */
import { lstatSync, mkdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Reporter } from '../util/reporter.js';
import { readRegularFile } from '../util/read-regular.js';
import { mayHoldOldWrappers, prefixLayout, readEnvState, rootLayout } from './prefix.js';
import { rewriteOldWrappers } from './old-wrappers.js';
import { listEnvs } from './target.js';
import { withEnvLock } from './commit.js';
import { NODE_PRELOAD, NODE_SHIM, NODE_SHIM_LINK, OLD_NODE_PRELOAD, PINNED_NODE, nodeShimFiles } from './node-shim.js';
import type { EnvRepair } from './relink-repaired.js';

const readOrNone = (path: string): string | undefined => {
  try {
    return readRegularFile(path);
  } catch {
    return undefined;
  }
};

/**
 * The env's shim files that are not what ssdp writes for it, relative to the prefix. An env has
 * the shim when any of its three parts is there; one whose bin/node is a package's or the pinned
 * binary of an older env (no ssdp-meta/node) has none, and is left alone.
 */
export function damagedShimFiles(prefix: string): string[] {
  const layout = prefixLayout(prefix);
  const link = join(layout.bin, 'node');
  const linkSt = lstatSync(link, { throwIfNoEntry: false });
  const linked = !!linkSt?.isSymbolicLink() && readlinkSync(link) === NODE_SHIM_LINK;
  const has = (name: string) => !!lstatSync(join(layout.meta, name), { throwIfNoEntry: false });
  if (!linked && !has(NODE_SHIM) && !has(NODE_PRELOAD)) return [];
  const want = nodeShimFiles(has(PINNED_NODE));
  const bad: string[] = [];
  for (const name of [NODE_SHIM, NODE_PRELOAD] as const) {
    const file = join(layout.meta, name);
    const st = lstatSync(file, { throwIfNoEntry: false });
    if (!st?.isFile() || readOrNone(file) !== want[name] || (name === NODE_SHIM && (st.mode & 0o111) === 0)) bad.push(`ssdp-meta/${name}`);
  }
  // bin/node is written again only where nothing is: a file of the user's there is theirs.
  if (!linkSt) bad.push('bin/node');
  return bad;
}

/** Whether an env's env.json does not record its bin wrappers' form (false for a damaged one: left to its other repairs). */
function wrappersMayBeOld(prefix: string): boolean {
  try {
    const state = readEnvState(prefix);
    return !!state && mayHoldOldWrappers(state);
  } catch {
    return false;
  }
}

/** Writes the named shim files of an env again (see damagedShimFiles). */
function rewrite(prefix: string, files: string[]): void {
  const layout = prefixLayout(prefix);
  const want = nodeShimFiles(!!lstatSync(join(layout.meta, PINNED_NODE), { throwIfNoEntry: false }));
  for (const rel of files) {
    const file = join(prefix, rel);
    const tmp = `${file}.ssdp-${process.pid}.tmp`;
    mkdirSync(dirname(file), { recursive: true }); // the preload's node_modules, in an env written before it moved there
    rmSync(tmp, { recursive: true, force: true });
    if (rel === 'bin/node') symlinkSync(NODE_SHIM_LINK, tmp);
    else writeFileSync(tmp, want[rel.slice('ssdp-meta/'.length) as typeof NODE_SHIM], { mode: rel.endsWith(NODE_SHIM) ? 0o755 : 0o644 });
    // A folder in the way (rename cannot replace it) goes first.
    if (lstatSync(file, { throwIfNoEntry: false })?.isDirectory()) rmSync(file, { recursive: true, force: true });
    renameSync(tmp, file);
    if (rel.endsWith(NODE_PRELOAD)) rmSync(join(layout.meta, OLD_NODE_PRELOAD), { recursive: true, force: true });
  }
}

/** Every env's damaged shim files written again; an env that cannot be changed is warned about. */
export async function repairNodeShims(root: string, reporter: Reporter): Promise<{ envs: EnvRepair[]; failedEnvs: string[] }> {
  const envs: EnvRepair[] = [];
  const failedEnvs: string[] = [];
  for (const e of listEnvs(root)) {
    if (e.missing) continue;
    const oldForm = wrappersMayBeOld(e.prefix);
    if (!oldForm && !damagedShimFiles(e.prefix).length) continue;
    const t = { root, prefix: e.prefix, name: e.name, named: dirname(e.prefix) === rootLayout(root).envs };
    try {
      const relinked = await withEnvLock(t, reporter, async () => {
        const bad = damagedShimFiles(e.prefix);
        rewrite(e.prefix, bad);
        // The sh-only bin wrappers of an env written before 8e5f6e1 (try13w C6): see old-wrappers.ts.
        return oldForm && wrappersMayBeOld(e.prefix) ? [...bad, ...rewriteOldWrappers(e.prefix)] : bad;
      });
      if (relinked.length) envs.push({ name: e.name, prefix: e.prefix, relinked, stillChanged: [], kept: [] });
    } catch (err) {
      reporter.warn(`could not write ${e.prefix}'s node shim again: ${(err as Error).message}`);
      failedEnvs.push(e.prefix);
    }
  }
  return { envs, failedEnvs };
}

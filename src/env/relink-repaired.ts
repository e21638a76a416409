/**
 * After `clean --verify` repaired store entries (the tester's N4): envs hardlink stored files, so
 * an env holding a changed file's inode keeps running the edit although the store is clean again,
 * and root ignores the read-only modes, so one edit through one env reached them all. Each such
 * file is replaced, under the env's lock, by a link to the repaired copy (link to a temp name,
 * then rename over it: the env never lacks the file). Only files that ARE the changed inode are
 * touched: a package's private copies (scripts ran) and the user's own files are not. An edit
 * made that way may be the user's own (a console.log added inside node_modules, as npm users
 * do): before a file whose bytes differ from the clean copy is relinked, each env keeps a copy of
 * it under PREFIX/ssdp-kept/repair-TIME/ (the tester's G4: nothing of the user's is lost), named
 * in the report. Which env the edit was made through cannot be told, so every one keeps it.
 * Envs whose entry could only be removed (no clean copy could be fetched) are named, not repaired.
 * A damaged env (its env.json or lock.json unreadable) is relinked too: from its lock.json when
 * that reads, else by the changed inodes its files are.
 */
import { chmodSync, constants, copyFileSync, linkSync, lstatSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Reporter } from '../util/reporter.js';
import { rootLayout, prefixLayout } from './prefix.js';
import { listEnvs } from './target.js';
import { readCurrentLock } from './current.js';
import { withEnvLock } from './commit.js';
import { KEPT_DIR } from './carry-over.js';
import { PINNED_NODE, pinnedNodeFile } from './node-shim.js';
import { parseLockfile } from '../resolve/lockfile.js';
import type { Lockfile } from '../resolve/types.js';
import { readRegularFile } from '../util/read-regular.js';
import { ownCopy } from '../util/own-copy.js';
import { liftHint } from '../util/file-attributes.js';
import { SsdpError } from '../util/errors.js';
import { packageVersion } from '../util/package-version.js';

interface RepairedEntry {
  name: string;
  version: string;
  key: string;
  action: 'fetched again' | 'removed';
  inodes: string[];
}

export interface EnvRepair {
  name: string;
  prefix: string;
  /** Files (relative to the prefix) now linked to the repaired copy. */
  relinked: string[];
  /** Packages whose changed files it still holds: no clean copy could be fetched. */
  stillChanged: string[];
  /** Edited files kept before the relink: [file, where its copy is], both relative to the prefix. */
  kept: [string, string][];
}

const inodeOf = (p: string): string | undefined => {
  const st = lstatSync(p, { throwIfNoEntry: false });
  return st?.isFile() ? `${st.dev}:${st.ino}` : undefined;
};

/** Every regular file below dir (relative paths), for an entry whose index is gone with it. */
function filesBelow(dir: string, rel = ''): string[] {
  let names: string[];
  try {
    names = readdirSync(join(dir, rel));
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const r = rel ? `${rel}/${n}` : n;
    const st = lstatSync(join(dir, r), { throwIfNoEntry: false });
    return st?.isDirectory() ? filesBelow(dir, r) : st?.isFile() ? [r] : [];
  });
}

/** `file` becomes the stored `src`: a hardlink where the file system allows, else a copy. */
function replaceWith(src: string, file: string): void {
  const tmp = join(dirname(file), `.ssdp-repair-${process.pid}-${Date.now()}`);
  try {
    try {
      linkSync(src, tmp);
    } catch {
      copyFileSync(src, tmp, constants.COPYFILE_FICLONE);
      chmodSync(tmp, lstatSync(src).mode | 0o200);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Whether two regular files hold different bytes. */
function differs(a: string, b: string): boolean {
  return lstatSync(a).size !== lstatSync(b).size || !readFileSync(a).equals(readFileSync(b));
}

/** The env's lock; for a damaged env (env.json unreadable, say) its lock.json when that still reads. */
function lockOf(prefix: string, damaged: boolean): Lockfile | undefined {
  try {
    return readCurrentLock(prefix);
  } catch {
    if (!damaged) return undefined;
    const file = prefixLayout(prefix).lockFile;
    try {
      return parseLockfile(readRegularFile(file), file);
    } catch {
      return undefined;
    }
  }
}

/**
 * Without a lock: every package folder below lib/node_modules (and bin/node) holding a changed
 * inode of a repaired entry, with that entry's key. A file's package folder is the part of its
 * path before one of the entry's own file paths, holding a package.json of the entry's name and
 * version.
 */
function placesByInode(layout: ReturnType<typeof prefixLayout>, byKey: Map<string, RepairedEntry>, filesOf: (key: string) => string[]): [string, string, 'package' | 'node'][] {
  const owner = new Map<string, RepairedEntry>();
  for (const r of byKey.values()) for (const i of r.inodes) owner.set(i, r);
  const out = new Map<string, [string, string, 'package' | 'node']>();
  // The pinned binary: in ssdp-meta/, or at bin/node in an env pinned before the shim.
  for (const file of [join(layout.meta, PINNED_NODE), join(layout.bin, 'node')]) {
    const node = inodeOf(file);
    const nodeOwner = node && owner.get(node);
    if (nodeOwner) out.set(file, [file, nodeOwner.key, 'node']);
  }
  const listed = new Map<string, Set<string>>();
  for (const rel of filesBelow(layout.nodeModules)) {
    const r = owner.get(inodeOf(join(layout.nodeModules, rel)) ?? '');
    if (!r) continue;
    let files = listed.get(r.key);
    if (!files) {
      try {
        files = new Set(r.action === 'removed' ? [] : filesOf(r.key));
      } catch {
        files = new Set();
      }
      listed.set(r.key, files);
    }
    for (let cut = rel.indexOf('/'); cut > 0; cut = rel.indexOf('/', cut + 1)) {
      const folder = join(layout.nodeModules, rel.slice(0, cut));
      if (files.size && !files.has(rel.slice(cut + 1))) continue;
      try {
        const m = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
        if (m.name !== r.name || packageVersion(m.version) !== r.version) continue;
      } catch {
        continue;
      }
      out.set(folder, [folder, r.key, 'package']);
      break;
    }
  }
  return [...out.values()];
}

/**
 * Relinks every env holding a changed inode of `repaired`; `failedEnvs` names the envs that could
 * not be changed (their repair stays in the damage journal for the next run).
 */
export async function relinkRepaired(root: string, repaired: RepairedEntry[], reporter: Reporter): Promise<{ envs: EnvRepair[]; failedEnvs: string[] }> {
  const byKey = new Map(repaired.filter((r) => r.inodes.length).map((r) => [r.key, r]));
  const failedEnvs: string[] = [];
  if (!byKey.size) return { envs: [], failedEnvs };
  const { entryDir, FILES_DIR, readIndex } = await import('../store/cas.js');
  const { integrityKey } = await import('../store/integrity.js');
  const store = rootLayout(root).store;
  const out: EnvRepair[] = [];
  const keptName = `repair-${Date.now()}`;
  for (const e of listEnvs(root)) {
    if (e.missing) {
      // A -p env on a disk not mounted now may hold the edited inode (the tester's s15 G5): not
      // relinked, so the damage record stays and the repair is finished once it is back.
      reporter.warn(`could not repair ${e.prefix}: ${e.linkTo !== undefined ? `it is a link to ${e.linkTo}, which` : 'the folder'} is not there (a disk not mounted?); mount it and run ssdp clean --verify again, or forget the env with ${e.forget}`);
      failedEnvs.push(e.prefix);
      continue;
    }
    const t = { root, prefix: e.prefix, name: e.name, named: dirname(e.prefix) === rootLayout(root).envs };
    const fix: EnvRepair = { name: e.name, prefix: e.prefix, relinked: [], stillChanged: [], kept: [] };
    try {
      await withEnvLock(t, reporter, async () => {
        const layout = prefixLayout(e.prefix);
        // [package folder or node binary in the env, its store key, how the store names its files]
        let places: [string, string | undefined, 'package' | 'node'][];
        const lock = lockOf(e.prefix, !!e.damaged);
        if (lock) {
          places = lock.packages.map((p) => [join(layout.nodeModules, p.path), integrityKey(p.integrity), 'package']);
          if (lock.node) places.push([pinnedNodeFile(e.prefix), integrityKey(lock.node.integrity), 'node']);
        } else if (e.damaged) {
          // A damaged env whose lock cannot be read still runs from its files: found by the
          // changed inodes themselves, so a store repair reaches it too.
          places = placesByInode(layout, byKey, (key) => readIndex(entryDir(store, key)).files.map((f) => f[0]));
        } else return;
        for (const [place, key, kind] of places) {
          const r = key ? byKey.get(key) : undefined;
          if (!r) continue;
          const bad = new Set(r.inodes);
          const entry = entryDir(store, key!);
          if (r.action === 'removed') {
            const held = kind === 'node' ? [place] : filesBelow(place).map((f) => join(place, f));
            if (held.some((f) => bad.has(inodeOf(f) ?? ''))) fix.stillChanged.push(`${r.name}@${r.version}`);
            continue;
          }
          const pairs: [string, string][] = kind === 'node' ? [[place, join(entry, FILES_DIR, 'bin', 'node')]] : readIndex(entry).files.map(([f]) => [join(place, f), join(entry, FILES_DIR, f)]);
          for (const [file, src] of pairs) {
            if (!bad.has(inodeOf(file) ?? '')) continue;
            const rel = file.slice(e.prefix.length + 1);
            // A mode or owner change alone (same bytes) leaves nothing to keep.
            const aside = differs(file, src) ? `${KEPT_DIR}/${keptName}/${rel}` : undefined;
            if (aside) keepEditedCopy(file, join(e.prefix, aside));
            try {
              replaceWith(src, file);
            } catch (err) {
              // The env still holds the edit itself: no second copy left behind.
              if (aside) rmSync(join(e.prefix, aside), { force: true });
              const code = (err as NodeJS.ErrnoException).code;
              if (code === 'EPERM' || code === 'EACCES') {
                // The real reason (the tester's G10: an env froze the shared file), not a bare errno;
                // and the flag that is set (try8h S1: chattr -i does not lift +a).
                const h = liftHint(file);
                throw new SsdpError('E_NOT_WRITABLE', `${file} refuses to be replaced (${code}: ${h.path === file ? '' : `its folder ${h.path} is `}${h.set}, or a folder that may not be changed); lift it (${h.lift}) and run ssdp clean --verify again, which finishes the repair`);
              }
              throw err;
            }
            if (aside) fix.kept.push([rel, aside]);
            fix.relinked.push(rel);
          }
        }
      });
    } catch (err) {
      // One env that cannot be changed (read-only, gone meanwhile) does not stop the others.
      const { explainNotAFolder } = await import('../util/not-a-folder.js');
      const why = explainNotAFolder(err) ?? (err as Error);
      reporter.warn(`could not repair ${e.prefix}: ${why instanceof SsdpError ? `[${why.code}] ${why.message}${why.hint ? `. ${why.hint}` : ''}` : why.message}`);
      failedEnvs.push(e.prefix);
      if (fix.kept.length) out.push(fix); // the files relinked before the failure: where their edits went
      continue;
    }
    if (fix.relinked.length || fix.stillChanged.length) out.push(fix);
  }
  return { envs: out, failedEnvs };
}

/**
 * Finishes the repairs the damage journal still lists (see store/damage-journal.ts): those a
 * change just started by fetching a damaged entry again, or a killed `clean --verify` left. Every
 * env holding a damaged inode is relinked to the clean entry, then the record is dropped. An
 * entry not (or not cleanly) in the store stays listed: the next run that fetches it finishes.
 * Runs with no env lock held (it takes each env's lock in turn).
 */
export async function finishStoreRepairs(root: string, reporter: Reporter): Promise<EnvRepair[]> {
  const store = rootLayout(root).store;
  const { readDamage, dropDamage } = await import('../store/damage-journal.js');
  const pending = readDamage(store);
  if (!pending.length) return [];
  const { entryDir, readIndex } = await import('../store/cas.js');
  const { storedDamage } = await import('../store/trust.js');
  const ready = pending.filter((r) => {
    try {
      const dir = entryDir(store, r.key);
      return storedDamage(dir, readIndex(dir)) === undefined;
    } catch {
      return false;
    }
  });
  if (!ready.length) return [];
  const { envs, failedEnvs } = await relinkRepaired(root, ready.map((r) => ({ ...r, action: 'fetched again' as const })), reporter);
  if (!failedEnvs.length) for (const r of ready) dropDamage(store, r.key);
  for (const r of envs) {
    for (const line of formatEnvRepairs([{ ...r, kept: [] }])) reporter.info(line.trim());
    for (const line of keptLines(r)) reporter.warn(line.trim());
  }
  return envs;
}

/**
 * The user's edited copy of `file`, kept at `dest` (PREFIX/ssdp-kept/...) before the file is
 * relinked. A kept folder that refuses it (chattr +i on ssdp-kept: try8h S2) is named with the
 * attribute to lift, not a bare mkdir EPERM; nothing of the env is changed then.
 */
function keepEditedCopy(file: string, dest: string): void {
  try {
    ownCopy(file, dest);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EACCES') throw err;
    const kept = dest.slice(0, dest.indexOf(`/${KEPT_DIR}/`) + KEPT_DIR.length + 1);
    const h = liftHint(kept);
    throw new SsdpError('E_NOT_WRITABLE', `your edited copy of ${file} cannot be kept in ${kept} (${code}: ${h.set}), so the file was left as it is`, {
      hint: `Lift it (${h.lift}) and run ssdp clean --verify again, which keeps the copy and finishes the repair.`,
    });
  }
}

/** Where an env's edited files went before it was relinked (see ownCopy). */
function keptLines(r: EnvRepair): string[] {
  if (!r.kept.length) return [];
  const shown = r.kept.slice(0, 5).map(([, aside]) => join(r.prefix, aside)).join(', ');
  return [
    `  env ${r.name} held an edited copy of ${r.kept.length === 1 ? 'a package file' : `${r.kept.length} package files`} (an edit in place reaches every env sharing the store's file); it runs the clean copy again, and the edited version was kept at ${shown}${r.kept.length > 5 ? ` and ${r.kept.length - 5} more` : ''}. Delete what you do not need.`,
  ];
}

export function formatEnvRepairs(repairs: EnvRepair[]): string[] {
  return repairs.flatMap((r) => [
    ...(r.relinked.length ? [`  repaired env ${r.name} (${r.prefix}): ${r.relinked.slice(0, 5).join(', ')}${r.relinked.length > 5 ? ` and ${r.relinked.length - 5} more` : ''} now the clean copy`] : []),
    ...(r.stillChanged.length
      ? [`  env ${r.name} (${r.prefix}) still holds the changed files of ${r.stillChanged.join(', ')} (no clean copy could be fetched); once the registry is reachable, rebuild it: ssdp env export -p ${r.prefix} --lock -f env.lock.json && ssdp env create -p ${r.prefix} --force -f env.lock.json`]
      : []),
    ...keptLines(r),
  ]);
}

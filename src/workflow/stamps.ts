/**
 * Stamps make re-runs incremental and killed runs resumable: each finished instance writes one
 * small file (atomically) under ROOT/.ssdp/tasks/, so a run killed at any moment keeps every
 * instance that had finished.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { TaskInstance } from './types.js';
import { NotRegularFileError, readRegularFile } from '../util/read-regular.js';
import { joinRaw, rawNames, shownName } from '../util/raw-names.js';
import { kernelFileSystem } from '../util/kernel-fs.js';

export interface Stamp {
  id: string;
  fingerprint: string;
  /** Summary of the inputs as they were when the instance ran. */
  inputs: string;
  finishedAt: string;
  seconds: number;
  result: unknown;
  /** Each output as ssdp left it (summariseFiles of that one path): how ssdp knows it wrote a file. */
  written?: Record<string, string>;
  /**
   * The workflow env's identity when the step ran (workflowEnvIdentity: its exact packages and
   * pinned node), null when it ran in no env. Missing in stamps written before ssdp recorded it:
   * such a stamp is taken as made in the current env once, and upgraded (upgradeStampEnv).
   */
  env?: string | null;
  /** The step left its outputs out on purpose (ctx.skip): why. Done while they stay absent. */
  skipped?: string;
  /** The run that made it (InstancePayload.run): an attempt of the same run handed out again finds it (exec.ts). */
  run?: string;
}

export const stampDir = (root: string) => join(root, '.ssdp', 'tasks');

function stampFile(root: string, id: string): string {
  return join(stampDir(root), `${createHash('sha1').update(id).digest('hex').slice(0, 20)}.json`);
}

/**
 * A path whose last part has `*` wildcards stands for the matching files of its folder (none when
 * it cannot be read). Names are read as bytes, so a name that is not UTF-8 is one the step's
 * summary and the input-existence check (inputs.ts) both see by its real name (tester s18 K2).
 */
export function expandWildcard(p: string): Buffer[] {
  if (!basename(p).includes('*')) return [Buffer.from(p)];
  const matches = wildcardMatcher(p);
  try {
    return byText(rawNames(dirname(p)).map((n) => joinRaw(dirname(p), n)), matches);
  } catch {
    return [];
  }
}

/**
 * Names in the order of their text (as UTF-8, the order stamps of UTF-8 names were made in), bytes
 * breaking ties, keeping those whose text passes `keep`: each name decoded once, not per comparison.
 */
function byText(names: Buffer[], keep: (text: string) => boolean = () => true): Buffer[] {
  return names
    .map((b) => ({ b, t: b.toString() }))
    .filter((x) => keep(x.t))
    .sort((x, y) => (x.t < y.t ? -1 : x.t > y.t ? 1 : Buffer.compare(x.b, y.b)))
    .map((x) => x.b);
}

/** Whether a path is one `p` (with `*` in its last part) stands for: in its folder, the name matching. */
export function wildcardMatcher(p: string): (path: string) => boolean {
  const dir = dirname(p);
  // dotAll: `*` also matches a newline or U+2028 in a name (a plain `.` stops at those).
  const pattern = new RegExp(`^${basename(p).split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return (path) => dirname(path) === dir && pattern.test(basename(path));
}

/**
 * Sizes and modification times of the files (folders walked, `*` expanded), as one comparable string.
 * Names are read as bytes: a file named `caf\xe9.csv` (not UTF-8) reached by its string name would
 * stat as missing on every run, and edits to it would never make the step run again (tester s18
 * try8k K2). Labels and order are those of the names as text, so stamps of UTF-8 names stay valid.
 */
export function summariseFiles(paths: string[]): string {
  const walk = new FilesWalk(paths);
  walk.go(Infinity);
  return walk.digest();
}

/**
 * summariseFiles in slices of ~50 ms with a turn of the event loop between them, so a Ctrl-C
 * while a big data folder is walked is heard at once (tester s22 try8w W2: 15-30 s of a
 * deaf run after the step's command had finished). undefined when `stopped()` says the run
 * ended meanwhile. A folder walked in one slice costs what summariseFiles costs.
 */
export async function summariseFilesAsync(paths: string[], stopped: () => boolean): Promise<string | undefined> {
  const walk = new FilesWalk(paths);
  while (!walk.go(performance.now() + 50)) {
    await new Promise<void>((ok) => setImmediate(ok));
    if (stopped()) return undefined;
  }
  return walk.digest();
}

/** One folder being walked: its entries, the next one to visit, and its identity (for loops). */
interface Frame {
  p: Buffer;
  dev: number;
  id: string;
  names: Buffer[];
  next: number;
}

/**
 * The walk of summariseFiles, depth first in name order, kept on an explicit stack so that it can
 * stop after any entry and go on later (go's deadline) with the same result as in one go.
 */
class FilesWalk {
  private readonly parts: string[] = [];
  private readonly paths: Buffer[];
  private nextPath = 0;
  private readonly stack: Frame[] = [];
  // Links are followed (a data folder may link to a disk elsewhere), so a walk remembers the
  // folders it is inside: a link back to one of them (`up -> ..`) is a loop, not walked again.
  private readonly inside = new Set<string>();
  // A link to a folder that holds the walked path (`root -> /`, `up -> ..`) leads back over it and
  // everything beside it: `/` took minutes over the whole machine (tester s21 try8s S2). Such a
  // link is a loop too, noted without following; a link to anywhere else (a data disk) is walked.
  private baseReal = '';
  private base: Buffer = Buffer.alloc(0);

  constructor(paths: string[]) {
    this.paths = paths.flatMap(expandWildcard);
  }

  /** Walks until done (true) or until performance.now() passes `deadline` (false: call again). */
  go(deadline: number): boolean {
    let n = 0;
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top) {
        if (top.next < top.names.length) this.visit(joinRaw(top.p, top.names[top.next++]!), top.dev);
        else {
          this.inside.delete(top.id);
          this.stack.pop();
        }
      } else if (this.nextPath < this.paths.length) {
        const p = this.paths[this.nextPath++]!;
        try {
          this.baseReal = realpathSync(p, { encoding: 'buffer' }).toString('latin1');
        } catch {
          this.baseReal = '';
        }
        this.base = p;
        this.visit(p, undefined);
      } else return true;
      // the clock is read every 256 entries only: a slice overshoots by a few ms at most
      if ((++n & 255) === 0 && deadline !== Infinity && performance.now() > deadline) return false;
    }
  }

  digest(): string {
    return createHash('sha1').update(this.parts.join('\n')).digest('hex');
  }

  private holdsBase(p: Buffer): boolean {
    try {
      if (!lstatSync(p).isSymbolicLink()) return false;
      const target = realpathSync(p, { encoding: 'buffer' }).toString('latin1');
      return this.baseReal === target || this.baseReal.startsWith(target.endsWith('/') ? target : `${target}/`);
    } catch {
      return false;
    }
  }

  private visit(p: Buffer, parentDev: number | undefined): void {
    const label = relative(shownName(this.base), shownName(p)) || shownName(p);
    let st;
    try {
      st = statSync(p);
    } catch {
      this.parts.push(`${label}:missing`);
      return;
    }
    if (st.isDirectory()) {
      const id = `${st.dev}:${st.ino}`;
      if (this.inside.has(id) || (parentDev !== undefined && this.holdsBase(p))) {
        this.parts.push(`${label}:loop`);
        return;
      }
      // /proc, /sys: never-ending walks (util/kernel-fs.ts); looked up where the device changes
      const kernel = st.dev === parentDev ? undefined : kernelFileSystem(p);
      if (kernel) {
        this.parts.push(`${label}:${kernel}`);
        return;
      }
      const names = byText(rawNames(p));
      this.inside.add(id);
      this.stack.push({ p, dev: st.dev, id, names, next: 0 });
    } else {
      this.parts.push(`${label}:${st.size}:${Math.round(st.mtimeMs)}`);
    }
  }
}

export function readStamp(root: string, id: string): Stamp | undefined {
  const s = stampState(root, id);
  return 'stamp' in s ? s.stamp : undefined;
}

/**
 * A step's stamp, or why there is none. A stamp file that exists but cannot be read (emptied,
 * cut short, edited) still says ssdp ran the step; its outputs cannot be told from a user's file,
 * so they are treated as files ssdp did not write and moved aside when the step runs again.
 */
export function stampState(root: string, id: string): { stamp: Stamp } | { missing: true } | { damaged: string; why: string } {
  const file = stampFile(root, id);
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (e) {
    if (e instanceof NotRegularFileError) return { damaged: file, why: `it is ${e.what}, not a stamp ssdp wrote` };
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { missing: true } : { damaged: file, why: `cannot be read: ${code}` };
  }
  if (text.trim() === '') return { damaged: file, why: 'it is empty' };
  try {
    const stamp = JSON.parse(text) as Stamp;
    if (stamp && typeof stamp.fingerprint === 'string' && typeof stamp.inputs === 'string' && stamp.id === id) return { stamp };
    return { damaged: file, why: 'it is not a stamp of this step' };
  } catch {
    return { damaged: file, why: 'it is not valid JSON' };
  }
}

/**
 * Writes the stamp of a step that finished. false (nothing written) when `stopped()` says its run
 * ended while the inputs and outputs were walked: the step is then an unfinished one, whose
 * records the run's clean-up has (a Ctrl-C is not held up by a big data folder, W2).
 */
export async function writeStamp(root: string, inst: TaskInstance, result: unknown, seconds: number, skipped?: string, run?: string, stopped: () => boolean = () => false): Promise<boolean> {
  const inputs = await summariseFilesAsync(inst.inputs, stopped);
  if (inputs === undefined) return false;
  const written: Record<string, string> = {};
  for (const p of inst.outputs) {
    const summary = await summariseFilesAsync([p], stopped);
    if (summary === undefined) return false;
    written[p] = summary;
  }
  // asked once more right before the write: the walks ask only while they take long
  if (stopped()) return false;
  const dir = stampDir(root);
  mkdirSync(dir, { recursive: true });
  const stamp: Stamp = {
    id: inst.id,
    fingerprint: inst.fingerprint,
    inputs,
    finishedAt: new Date().toISOString(),
    seconds,
    result: jsonSafe(result),
    written,
    env: inst.env ?? null,
    ...(skipped !== undefined ? { skipped } : {}),
    ...(run !== undefined ? { run } : {}),
  };
  writeStampFile(root, stamp);
  return true;
}

/**
 * A stamp from before ssdp recorded the env (no `env` field), found up to date in the env this run
 * uses: that env is written into it, so from now on a change of the env runs the step again,
 * while the upgrade itself did not make every step of every existing project run again.
 */
export function upgradeStampEnv(root: string, stamp: Stamp, env: string | null): void {
  if (stamp.env !== undefined) return;
  writeStampFile(root, { ...stamp, env });
}

function writeStampFile(root: string, stamp: Stamp): void {
  const file = stampFile(root, stamp.id);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(stamp));
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true }); // a half-written stamp on a full disk would hold space
    throw e;
  }
}

/** Typed arrays and other non-JSON results are not kept in stamps (dependents re-read files). */
function jsonSafe(v: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(v, (_k, x) => (ArrayBuffer.isView(x) ? undefined : x)) ?? 'null');
  } catch {
    return null;
  }
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

export function outputsExist(inst: TaskInstance): boolean {
  return inst.outputs.every(exists);
}

/**
 * Outputs that exist but that ssdp did not write (or that changed since): no stamp of this step
 * records them as they are now. Such a file is someone's data; no step may replace it.
 */
export function foreignOutputs(root: string, inst: TaskInstance, stamp = readStamp(root, inst.id)): string[] {
  // (without a record of it, no need to walk it: a found data folder can be big)
  return inst.outputs.filter((p) => exists(p) && (stamp?.written?.[p] === undefined || stamp.written[p] !== summariseFiles([p])));
}

/** foreignOutputs for planning: its walks turn the event loop, so a Ctrl-C is heard (W2). */
export async function foreignOutputsAsync(root: string, inst: TaskInstance, stamp = readStamp(root, inst.id)): Promise<string[]> {
  const foreign: string[] = [];
  for (const p of inst.outputs) {
    if (!exists(p)) continue;
    if (stamp?.written?.[p] === undefined || stamp.written[p] !== (await summariseFilesAsync([p], never))) foreign.push(p);
  }
  return foreign;
}

/** A walk at planning time is never cut short: a Ctrl-C then ends the process (the CLI's listener). */
const never = (): boolean => false;

/**
 * Instances that can be skipped: declared outputs, all present, same fingerprint, same inputs,
 * and nothing they depend on runs again. Tasks that declare no outputs always run (as in pixi).
 */
export async function freshInstances(root: string, instances: TaskInstance[], force = false, data: ReadonlySet<string> = new Set(), unfinished: ReadonlySet<string> = new Set(), why = new Map<string, string>()): Promise<Map<string, Stamp>> {
  const fresh = new Map<string, Stamp>();
  const runs = (inst: TaskInstance, reason: string) => void why.set(inst.id, reason);
  for (const inst of instances) {
    if (data.has(inst.id)) {
      // Found data stands in for the step: no result, and its files are what dependents read.
      fresh.set(inst.id, { id: inst.id, fingerprint: inst.fingerprint, inputs: '', finishedAt: '', seconds: 0, result: null });
      continue;
    }
    if (force) runs(inst, '--force');
    else if (unfinished.has(inst.id)) runs(inst, 'did not finish');
    else if (inst.outputs.length === 0) runs(inst, 'declares no outputs');
    else if (!inst.deps.every((d) => fresh.has(d))) runs(inst, `${inst.deps.find((d) => !fresh.has(d))} runs`);
    else {
      const stamp = readStamp(root, inst.id);
      if (!stamp) runs(inst, 'never ran');
      else if (stamp.fingerprint !== inst.fingerprint) runs(inst, 'its definition changed');
      // undefined: the env is not known yet (a dry run before the env is made); a stamp without
      // `env` predates the record and is accepted once (upgradeStampEnv)
      else if (inst.env !== undefined && stamp.env !== undefined && stamp.env !== inst.env) runs(inst, stamp.env === null ? 'env changed (it ran outside the env)' : inst.env === null ? 'env changed (it ran in an env)' : 'env changed');
      // a step that left its outputs out is done as long as none has appeared since
      else if (stamp.skipped !== undefined ? inst.outputs.some(exists) : !outputsExist(inst)) runs(inst, stamp.skipped !== undefined ? 'an output it had left out appeared' : 'an output is missing');
      // walked in slices: a Ctrl-C during the up-to-date check of a big data folder is heard (W2)
      else if (stamp.inputs !== (await summariseFilesAsync(inst.inputs, never))) runs(inst, 'its inputs changed');
      else fresh.set(inst.id, stamp);
    }
  }
  return fresh;
}

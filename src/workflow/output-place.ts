/**
 * Where a step's output may be. A failed step's outputs are moved aside (aside.ts), so an output
 * that is the project, a folder holding it, ssdp's own .ssdp/, the workflow file, one of the
 * step's inputs or anything outside the project would move the user's other files (a shared
 * data folder, their other projects) when one step fails. Such outputs are refused when the
 * workflow is read, and aside.ts refuses them again.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { kernelFileSystemOf } from '../util/kernel-fs.js';

const OUTSIDE = 'is outside the project';

/** Why `path` (absolute) cannot be an output of a workflow at `root`, or undefined if it can. */
export function outputPlaceProblem(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '') return 'is the project folder itself';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    const back = relative(path, root);
    return back.startsWith('..') || isAbsolute(back) ? OUTSIDE : 'is a folder that holds the project';
  }
  if (rel === '.ssdp' || rel.startsWith(`.ssdp${sep}`)) return "is inside .ssdp, ssdp's own folder";
  return linkProblem(root, rel);
}

/**
 * The lexical check above is fooled by a link inside the project (`up -> ..` makes up/x a file
 * next to the project). A link to a data folder elsewhere (`ln -s /big/disk data`) is how the
 * project keeps data on another disk, so its contents count as the project's; a link whose
 * target holds the project, or is in .ssdp, does not.
 */
function linkProblem(root: string, rel: string): string | undefined {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return undefined;
  }
  let at = root;
  const parts = rel.split(sep);
  for (const [i, part] of parts.entries()) {
    at = join(at, part);
    const st = lstatSync(at, { throwIfNoEntry: false });
    if (!st) return undefined; // nothing further exists, so no further link
    // a.txt/b.txt with a.txt a file: nothing can be written there (lstat of what follows is ENOTDIR).
    if (i < parts.length - 1 && !st.isDirectory() && !st.isSymbolicLink()) return `runs through ${relative(root, at)}, which is a file, not a folder`;
    if (!st.isSymbolicLink()) continue;
    let target: string;
    try {
      target = realpathSync(at);
    } catch {
      return undefined; // a dangling link: writing through it makes a file where it points, as sh would
    }
    if (atOrInside(target, realRoot)) return `goes through the link ${relative(root, at)} to ${target}, a folder that holds the project`;
    if (atOrInside(join(realRoot, '.ssdp'), target)) return `goes through the link ${relative(root, at)} into .ssdp, ssdp's own folder`;
  }
  return undefined;
}

/** True when `path` is `dir` itself or somewhere inside it. */
export function atOrInside(dir: string, path: string): boolean {
  const r = relative(dir, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/**
 * Why `path` (absolute, outside the project) cannot be an output reached through a `${param}`
 * (`--param data=/big/disk/radar`), or undefined if it can. Such an output is moved aside inside
 * its own folder (DIR/.ssdp-failed/, DIR/.ssdp-replaced/), so it may not be a folder whose move
 * takes much with it: one holding the project or your home, or a top-level folder (/tmp, /data).
 * Links are followed, so a path into the project through one is judged as the project's.
 */
export function externalOutputProblem(root: string, path: string): string | undefined {
  const real = realOrPlanned(path);
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    realRoot = root;
  }
  if (atOrInside(real, realRoot)) return `is a folder that holds the project${real === path ? '' : ` (through a link, it is ${real})`}`;
  if (atOrInside(realRoot, real)) {
    const inside = outputPlaceProblem(realRoot, real);
    return inside ? `${inside} (through a link, it is ${real})` : undefined;
  }
  const home = realOrPlanned(homedir());
  if (atOrInside(real, home)) return `${real === home ? 'is' : 'holds'} your home folder (${home})`;
  if (dirname(real) === real || dirname(real) === '/') return `is a top-level folder of the file system${real === path ? '' : ` (${real})`}`;
  return undefined;
}

/** `path` with the links of its nearest existing folder resolved (the rest does not exist yet). */
function realOrPlanned(path: string): string {
  const tail: string[] = [];
  for (let at = path; ; at = dirname(at)) {
    try {
      return join(realpathSync(at), ...tail.reverse());
    } catch {
      if (dirname(at) === at) return path;
      tail.push(basename(at));
    }
  }
}

/**
 * Where ssdp may move `path` aside: 'project' (strictly inside the project, not in .ssdp/: to
 * .ssdp/KIND/), 'external' (an output outside the project that a `${param}` may name: inside its
 * own folder), or undefined: never moved.
 */
export function movableOutput(root: string, path: string): 'project' | 'external' | undefined {
  const problem = outputPlaceProblem(root, path);
  if (problem === undefined) return 'project';
  return problem === OUTSIDE && externalOutputProblem(root, path) === undefined ? 'external' : undefined;
}

/**
 * E_BAD_SPEC at `where` (FILE:LINE:COL of the output) when `path` cannot be an output of `task`.
 * `substituted`: written with `${...}`, so the place is the user's run-time choice (a data disk
 * given with --param) and may be outside the project; a literal path outside it is refused.
 */
export function checkOutputPlace(root: string, workflowFile: string, task: string, written: string, path: string, inputs: string[], where: string, substituted = false): void {
  const real = realOrPlanned(path);
  const kernel = kernelFileSystemOf(real);
  if (kernel) {
    throw new SsdpError('E_BAD_SPEC', `${where}: output '${written}' of task '${task}' is on the kernel's ${kernel} file system (${path}${real === path ? '' : `, which is ${real}`}), which is no place for data: its files change as they are read, and it links to the whole machine, so recording what the step wrote would never end.`, {
      hint: 'Give a folder on a disk: inside the project, or a data folder of its own (--param data=/big/disk/radar).',
    });
  }
  let problem = outputPlaceProblem(root, path) ?? (path === workflowFile ? 'is the workflow file' : inputs.includes(path) ? `is also one of task '${task}''s inputs` : undefined);
  if (problem === OUTSIDE && substituted) {
    problem = externalOutputProblem(root, path);
    if (problem) {
      throw new SsdpError('E_BAD_SPEC', `${where}: output '${written}' of task '${task}' ${problem} (${path}); a failed step's outputs are moved aside inside their folder, so this would move much more than the step wrote.`, {
        hint: `Give the parameter a folder of its own for this data, e.g. /big/disk/radar, not a folder that holds other things.`,
      });
    }
    return;
  }
  if (!problem) return;
  throw new SsdpError('E_BAD_SPEC', `${where}: output '${written}' of task '${task}' ${problem} (${path}); a failed step's outputs are moved aside, so this would move ${problem.startsWith('is outside') || problem.startsWith('goes through') ? 'files that are not the project\'s' : 'files the project needs'}.`, {
    hint: `Give a path inside the project folder (${root}), e.g. results/${task}.out; to keep data on another disk, link it into the project (ln -s /big/disk/data data) and name data/... here.`,
  });
}

/** One declared output: its absolute path, the step (instance id, or task name) that writes it, and FILE:LINE:COL. */
export interface DeclaredOutput {
  path: string;
  owner: string;
  task: string;
  /** As written in the workflow file. */
  written: string;
  where: string;
  /** The task's declaration itself (any step of that task writes it), not one expanded step. */
  declared?: boolean;
}

const clash = (a: DeclaredOutput, b: DeclaredOutput) => a.owner !== b.owner && !(a.task === b.task && (a.declared || b.declared));

/**
 * Two steps whose outputs are the same path, or one inside the other (res and res/b.txt): when
 * one fails its outputs are moved aside, taking the other step's finished files with them, and
 * the next run calls those files not ssdp's (O1). Refused with both places named. Each output is
 * looked up with its parent folders, so a month of daily outputs costs no pairwise comparison.
 */
export function checkOutputOverlap(outputs: DeclaredOutput[]): void {
  const byPath = new Map<string, DeclaredOutput[]>();
  for (const o of outputs) byPath.set(o.path, [...(byPath.get(o.path) ?? []), o]);
  for (const o of outputs) {
    for (let p = o.path; ; p = dirname(p)) {
      const other = byPath.get(p)?.find((x) => clash(o, x));
      if (other) throw overlapError(o, other, p === o.path);
      if (dirname(p) === p) break;
    }
  }
}

function overlapError(o: DeclaredOutput, other: DeclaredOutput, same: boolean): SsdpError {
  const step = (d: DeclaredOutput) => (d.owner === d.task ? `task '${d.task}'` : `step ${d.owner} of task '${d.task}'`);
  return new SsdpError('E_BAD_SPEC', `${o.where}: output '${o.written}' of ${step(o)} ${same ? 'is also' : 'is inside'} output '${other.written}' of ${step(other)} (${other.where}); a failed step's outputs are moved aside, so one step failing would move the other's finished files, and the next run would not know them as ssdp's.`, {
    hint: same ? 'Give each step its own output path (a foreach task: put its variable in the path, e.g. out/${day}.txt).' : `Declare the files ${step(other)} writes instead of the folder '${other.written}', or put the output of ${step(o)} outside it.`,
  });
}

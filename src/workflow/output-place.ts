/**
 * Where a step's output may be. A failed step's outputs are moved aside (aside.ts), so an output
 * that is the project, a folder holding it, ssdp's own .ssdp/, the workflow file, one of the
 * step's inputs or anything outside the project would move the user's other files (a shared
 * data folder, their other projects) when one step fails. Such outputs are refused when the
 * workflow is read, and aside.ts refuses them again.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { SsdpError } from '../util/errors.js';

/** Why `path` (absolute) cannot be an output of a workflow at `root`, or undefined if it can. */
export function outputPlaceProblem(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '') return 'is the project folder itself';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    const back = relative(path, root);
    return back.startsWith('..') || isAbsolute(back) ? 'is outside the project' : 'is a folder that holds the project';
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
  for (const part of rel.split(sep)) {
    at = join(at, part);
    const st = lstatSync(at, { throwIfNoEntry: false });
    if (!st) return undefined; // nothing further exists, so no further link
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
function atOrInside(dir: string, path: string): boolean {
  const r = relative(dir, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** True when `path` is strictly inside `root` and not in .ssdp/: the only places ssdp moves aside. */
export function movableOutput(root: string, path: string): boolean {
  return outputPlaceProblem(root, path) === undefined;
}

/** E_BAD_SPEC at `where` (FILE:LINE:COL of the output) when `path` cannot be an output of `task`. */
export function checkOutputPlace(root: string, workflowFile: string, task: string, written: string, path: string, inputs: string[], where: string): void {
  const problem = outputPlaceProblem(root, path) ?? (path === workflowFile ? 'is the workflow file' : inputs.includes(path) ? `is also one of task '${task}''s inputs` : undefined);
  if (!problem) return;
  throw new SsdpError('E_BAD_SPEC', `${where}: output '${written}' of task '${task}' ${problem} (${path}); a failed step's outputs are moved aside, so this would move ${problem.startsWith('is outside') || problem.startsWith('goes through') ? 'files that are not the project\'s' : 'files the project needs'}.`, {
    hint: `Give a path inside the project folder (${root}), e.g. results/${task}.out; to keep data on another disk, link it into the project (ln -s /big/disk/data data) and name data/... here.`,
  });
}

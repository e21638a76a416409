/**
 * Where a step's output may be. A failed step's outputs are moved aside (aside.ts), so an output
 * that is the project, a folder holding it, ssdp's own .ssdp/, the workflow file, one of the
 * step's inputs or anything outside the project would move the user's other files (a shared
 * data folder, their other projects) when one step fails. Such outputs are refused when the
 * workflow is read, and aside.ts refuses them again.
 */
import { isAbsolute, relative, sep } from 'node:path';
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
  return undefined;
}

/** True when `path` is strictly inside `root` and not in .ssdp/: the only places ssdp moves aside. */
export function movableOutput(root: string, path: string): boolean {
  return outputPlaceProblem(root, path) === undefined;
}

/** E_BAD_SPEC at `where` (FILE:LINE:COL of the output) when `path` cannot be an output of `task`. */
export function checkOutputPlace(root: string, workflowFile: string, task: string, written: string, path: string, inputs: string[], where: string): void {
  const problem = outputPlaceProblem(root, path) ?? (path === workflowFile ? 'is the workflow file' : inputs.includes(path) ? `is also one of task '${task}''s inputs` : undefined);
  if (!problem) return;
  throw new SsdpError('E_BAD_SPEC', `${where}: output '${written}' of task '${task}' ${problem} (${path}); a failed step's outputs are moved aside, so this would move ${problem.startsWith('is outside') ? 'files that are not the project\'s' : 'files the project needs'}.`, {
    hint: `Give a path inside the project folder (${root}), e.g. results/${task}.out; to keep data on another disk, link it into the project (ln -s /big/disk/data data) and name data/... here.`,
  });
}

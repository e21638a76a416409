/**
 * Outputs that are mount points (try8s S1): a data volume mounted in the project (`docker -v
 * /big:/project/data`, `outputs: ["data"]`) or an outside data folder that is one. ssdp moves a
 * step's outputs aside before it replaces them and after it fails, and a mount point cannot be
 * renamed (EBUSY); copying and deleting instead would empty the user's volume. So such a step is
 * refused before anything runs, naming the output and where ssdp.yaml declares it.
 */
import { lstatSync } from 'node:fs';
import { isMountPoint, listMountPoints } from '../env/mounts.js';
import { SsdpError } from '../util/errors.js';
import type { TaskInstance, WorkflowSpec } from './types.js';

export const mountPointHint = 'Name a folder inside the mounted volume as the output (e.g. data/run instead of data, for a volume mounted at data), or mount the volume elsewhere and let the step write beside it; nothing on the volume was touched.';

export const mountedFileHint = 'Let the step write another file (one inside a mounted folder, or one beside this file that you copy onto it afterwards), or mount the folder that holds the file instead of the file itself; nothing on the mount was touched.';

/** `shown` a mount point (a folder, or a bind-mounted file when `file`) that a step's output cannot be moved aside from. */
export function mountPointError(shown: string, what: string, file = false): SsdpError {
  if (file) {
    return new SsdpError('E_OUTPUT_MOUNT_POINT', `${what} ${shown} is a mounted file (a bind mount, as docker -v /host/FILE:FILE makes): ssdp moves a step's outputs aside (before replacing them, and when the step fails), and a mount point cannot be moved; it is never overwritten in place instead.`, {
      hint: mountedFileHint,
    });
  }
  return new SsdpError('E_OUTPUT_MOUNT_POINT', `${what} ${shown} is a mount point: ssdp moves a step's outputs aside (before replacing them, and when the step fails), and a mount point cannot be moved; it is never emptied instead.`, {
    hint: mountPointHint,
  });
}

/**
 * Refuses steps about to run whose outputs include a mount point: a folder or a bind-mounted file
 * (a link to one is left in place, so it is fine).
 */
export function refuseMountedOutputs(spec: WorkflowSpec, toRun: TaskInstance[]): void {
  let listed: string[] | undefined | null = null;
  for (const inst of toRun) {
    const task = spec.tasks.get(inst.task);
    inst.outputs.forEach((p, i) => {
      const st = lstatSync(p, { throwIfNoEntry: false });
      if (!st || st.isSymbolicLink()) return;
      if (listed === null) listed = listMountPoints(); // read once, and only when an output exists
      if (!isMountPoint(p, listed)) return;
      const written = task?.outputs[i] ?? p;
      const where = task?.outputsWhere?.[i] ?? task?.where ?? spec.file;
      const file = !st.isDirectory();
      throw new SsdpError('E_OUTPUT_MOUNT_POINT', `${where}: output '${written}' of task '${inst.task}' (step ${inst.id}) is ${p}, ${file ? "a mounted file (a bind mount, as docker -v /host/FILE:FILE makes)" : 'a mount point'}: ssdp moves a step's outputs aside (before replacing them, and when the step fails), and a mount point cannot be moved; it is never ${file ? 'overwritten in place' : 'emptied'} instead. Nothing was run.`, {
        hint: file ? mountedFileHint : mountPointHint,
      });
    });
  }
}

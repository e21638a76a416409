/**
 * Outputs that are mount points (try8s S1): a data volume mounted in the project (`docker -v
 * /big:/project/data`, `outputs: ["data"]`) or an outside data folder that is one. ssdp moves a
 * step's outputs aside before it replaces them and after it fails, and a mount point cannot be
 * renamed (EBUSY); copying and deleting instead would empty the user's volume. So such a step is
 * refused before anything runs, naming the output and where ssdp.yaml declares it.
 */
import { lstatSync } from 'node:fs';
import { isMountPoint } from '../env/mounts.js';
import { SsdpError } from '../util/errors.js';
import type { TaskInstance, WorkflowSpec } from './types.js';

export const mountPointHint = 'Name a folder inside the mounted volume as the output (e.g. data/run instead of data, for a volume mounted at data), or mount the volume elsewhere and let the step write beside it; nothing on the volume was touched.';

export function mountPointError(shown: string, what: string): SsdpError {
  return new SsdpError('E_OUTPUT_MOUNT_POINT', `${what} ${shown} is a mount point: ssdp moves a step's outputs aside (before replacing them, and when the step fails), and a mount point cannot be moved; it is never emptied instead.`, {
    hint: mountPointHint,
  });
}

/** Refuses steps about to run whose outputs include a mount point (a link to one is left in place, so it is fine). */
export function refuseMountedOutputs(spec: WorkflowSpec, toRun: TaskInstance[]): void {
  for (const inst of toRun) {
    const task = spec.tasks.get(inst.task);
    inst.outputs.forEach((p, i) => {
      const st = lstatSync(p, { throwIfNoEntry: false });
      if (!st || !st.isDirectory() || !isMountPoint(p)) return;
      const written = task?.outputs[i] ?? p;
      const where = task?.outputsWhere?.[i] ?? task?.where ?? spec.file;
      throw new SsdpError('E_OUTPUT_MOUNT_POINT', `${where}: output '${written}' of task '${inst.task}' (step ${inst.id}) is ${p}, a mount point: ssdp moves a step's outputs aside (before replacing them, and when the step fails), and a mount point cannot be moved; it is never emptied instead. Nothing was run.`, {
        hint: mountPointHint,
      });
    });
  }
}

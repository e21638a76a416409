/**
 * A declared input that does not exist and that no step of the run writes: the step would run
 * on nothing and be stamped as done (IN1). make and Snakemake stop before running anything
 * ("No rule to make target"); so does ssdp, naming the input and the step.
 */
import { existsSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { atOrInside } from './output-place.js';
import { declaredOutputs } from './spec.js';
import type { TaskInstance, WorkflowSpec } from './types.js';

export function checkInputsExist(spec: WorkflowSpec, instances: TaskInstance[]): void {
  const outputs = instances.flatMap((i) => i.outputs);
  const written = new Set(outputs);
  // every folder holding an output: an input naming such a folder gets files from the run
  const holders = new Set(outputs.flatMap((p) => ancestors(p)));
  const madeByRun = (p: string) => holders.has(p) || ancestors(p).some((a) => written.has(a)) || written.has(p);
  const missing = instances.flatMap((inst) =>
    inst.inputs.filter((p) => !p.includes('*') && !existsSync(p) && !madeByRun(p)).map((p) => ({ inst, p })),
  );
  if (missing.length === 0) return;
  const name = (p: string) => relative(spec.root, p) || p;
  const shown = missing.slice(0, 5).map(({ inst, p }) => `${name(p)} (input of step ${inst.id}, ${spec.tasks.get(inst.task)!.where})`);
  const more = missing.length > shown.length ? `, and ${missing.length - shown.length} more` : '';
  const makers = [...new Set(missing.flatMap(({ inst, p }) => declaredOutputs(spec).filter((o) => o.task !== inst.task && atOrInside(o.path, p)).map((o) => `task '${o.task}' writes ${name(p)}: add it to depends_on of task '${inst.task}'`)))];
  throw new SsdpError('E_INPUT_MISSING', `${missing.length === 1 ? 'A declared input does' : 'Declared inputs do'} not exist and no step of this run writes ${missing.length === 1 ? 'it' : 'them'}: ${shown.join('; ')}${more}. Nothing was run.`, {
    hint: makers.length ? `${makers.slice(0, 3).join('; ')}.` : `Create ${missing.length === 1 ? 'it' : 'them'}, fix the path under inputs: in ${spec.file}, or add the task that makes ${missing.length === 1 ? 'it' : 'them'} to depends_on.`,
  });
}

/** Every folder above `p`, nearest first. */
function ancestors(p: string): string[] {
  const out: string[] = [];
  for (let d = dirname(p); d !== p; p = d, d = dirname(d)) out.push(d);
  return out;
}

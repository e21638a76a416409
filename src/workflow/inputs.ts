/**
 * Declared inputs against declared outputs, before anything runs:
 * - IN1: an input that does not exist and that no step of the run writes: the step would run on
 *   nothing and be stamped as done. make and Snakemake stop ("No rule to make target"); so does ssdp.
 * - DG1: an input another task writes, without depends_on that task: the two run in either order
 *   (or at once), and the step reads a missing or stale file. make derives the edge from the file
 *   names; ssdp asks for the depends_on, so the order is written where it is read.
 */
import { existsSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { declaredOutputs } from './spec.js';
import { expandWildcard, wildcardMatcher } from './stamps.js';
import type { TaskInstance, WorkflowSpec } from './types.js';

/** Every folder above `p`, nearest first. */
function ancestors(p: string): string[] {
  const out: string[] = [];
  for (let d = dirname(p); d !== p; p = d, d = dirname(d)) out.push(d);
  return out;
}

/** Which tasks write at `p`: the path itself, a folder holding it, or files inside it. */
function writers(outputs: Array<{ path: string; task: string }>): (p: string) => Set<string> {
  const at = new Map<string, Set<string>>();
  const under = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, k: string, t: string) => (m.get(k) ?? m.set(k, new Set()).get(k)!).add(t);
  for (const o of outputs) {
    add(at, o.path, o.task);
    for (const a of ancestors(o.path)) add(under, a, o.task);
  }
  return (p) => new Set([p, ...ancestors(p)].flatMap((x) => [...(at.get(x) ?? [])]).concat([...(under.get(p) ?? [])]));
}

export function checkInputs(spec: WorkflowSpec, instances: TaskInstance[]): void {
  const name = (p: string) => relative(spec.root, p) || p;
  const planned = instances.flatMap((i) => i.outputs.map((path) => ({ path, task: i.task })));
  const inRun = writers(planned);
  const anywhere = writers([...planned, ...declaredOutputs(spec)]);
  const byId = new Map(instances.map((i) => [i.id, i]));
  const upstream = new Map<string, Set<string>>();
  const tasksBefore = (inst: TaskInstance): Set<string> => {
    let s = upstream.get(inst.id);
    if (!s) {
      s = new Set();
      for (const d of inst.deps) {
        const dep = byId.get(d)!;
        s.add(dep.task);
        for (const t of tasksBefore(dep)) s.add(t);
      }
      upstream.set(inst.id, s);
    }
    return s;
  };
  for (const inst of instances) {
    for (const p of inst.inputs) {
      if (p.includes('*')) continue;
      const before = tasksBefore(inst);
      const unordered = [...anywhere(p)].find((t) => t !== inst.task && !before.has(t));
      if (unordered) {
        throw new SsdpError('E_BAD_SPEC', `${spec.tasks.get(inst.task)!.where}: input '${name(p)}' of task '${inst.task}' is written by task '${unordered}', but task '${inst.task}' does not depend on it, so the two may run in either order (or at once) and step ${inst.id} would read a missing or stale file. Nothing was run.`, {
          hint: `Add depends_on: [${unordered}] to task '${inst.task}' (make would order them by the file name; ssdp keeps the order written in ssdp.yaml).`,
        });
      }
    }
  }
  // A pattern (data/*.tif) that matches no file and no output of the run is missing too: the step
  // would run on nothing, as for a plain input (make's wildcard gives nothing and make says so late).
  const madeByRun = (p: string) => {
    const matches = wildcardMatcher(p);
    return planned.some((o) => matches(o.path));
  };
  const absent = (p: string) => (p.includes('*') ? expandWildcard(p).length === 0 && !madeByRun(p) : !existsSync(p) && inRun(p).size === 0);
  const missing = instances.flatMap((inst) => inst.inputs.filter(absent).map((p) => ({ inst, p })));
  if (missing.length === 0) return;
  const shown = missing.slice(0, 5).map(({ inst, p }) => `${name(p)} (input of step ${inst.id}, ${spec.tasks.get(inst.task)!.where})`);
  const more = missing.length > shown.length ? `, and ${missing.length - shown.length} more` : '';
  throw new SsdpError('E_INPUT_MISSING', `${missing.length === 1 ? 'A declared input does' : 'Declared inputs do'} not exist and no task writes ${missing.length === 1 ? 'it' : 'them'}: ${shown.join('; ')}${more}. Nothing was run.`, {
    hint: `Create ${missing.length === 1 ? 'it' : 'them'} (a pattern with * needs at least one matching file), fix the path under inputs: in ${spec.file}, or add the task that makes ${missing.length === 1 ? 'it' : 'them'} (with outputs: naming ${missing.length === 1 ? 'it' : 'them'}) to depends_on.`,
  });
}

/**
 * Reads `ssdp.yaml`. Every problem names FILE:LINE:COL, because these files are hand-written.
 */
import { readFileSync } from 'node:fs';
import { utf8TextOf } from '../util/strict-text.js';
import { dirname, resolve } from 'node:path';
import { isScalar, isSeq, isMap } from 'yaml';
import { editDistance } from '../util/edit-distance.js';
import { parseClusterBlock } from '../cluster/config.js';
import { SsdpError } from '../util/errors.js';
import { mapEntries, parseYamlSource, scalarString, seqItems, specError, where, type YamlSource } from '../util/yaml-source.js';
import { checkOutputOverlap, checkOutputPlace, type DeclaredOutput } from './output-place.js';
import { envNamesOf } from './params.js';
import type { TaskSpec, WorkflowSpec } from './types.js';

export const WORKFLOW_FILE = 'ssdp.yaml';

const TASK_KEYS = new Set(['description', 'depends_on', 'cmd', 'function', 'args', 'inputs', 'outputs', 'foreach']);
const TOP_KEYS = new Set(['env', 'params', 'tasks', 'cluster']);
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function loadWorkflow(file: string): WorkflowSpec {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new SsdpError('E_NO_WORKFLOW', `No workflow file at ${file}.`, {
      hint: `Run ssdp from a project folder that has an ${WORKFLOW_FILE}, or pass --workflow FILE.`,
      cause: e,
    });
  }
  return parseWorkflow(utf8TextOf(bytes, file), resolve(file));
}

export function parseWorkflow(text: string, file: string): WorkflowSpec {
  const src = parseYamlSource(text, file);
  const spec: WorkflowSpec = { file, root: dirname(file), params: {}, paramEnv: {}, tasks: new Map() };
  for (const { key, keyNode, value } of mapEntries(src, src.doc.contents, 'The workflow file')) {
    if (!TOP_KEYS.has(key)) {
      const near = [...TOP_KEYS].filter((t) => editDistance(t, key) <= 2);
      throw specError(src, keyNode, `unknown key '${key}'.`, `${near.length ? `Did you mean '${near[0]}'? ` : ''}The top level takes: ${[...TOP_KEYS].join(', ')}.`);
    }
    if (key === 'cluster') spec.cluster = parseClusterBlock(src, value);
    if (key === 'env') spec.env = scalarString(src, value, "'env'");
    if (key === 'params') {
      // two params read from one variable would both take its value (C10: a-b and a_b are SSDP_PARAM_A_B)
      const owner = new Map<string, string>();
      for (const p of mapEntries(src, value, "'params'")) {
        parseParam(src, spec, p.key, p.value);
        for (const v of envNamesOf(spec, p.key)) {
          const other = owner.get(v);
          if (other !== undefined) throw specError(src, p.keyNode, `params '${other}' and '${p.key}' would both be set by the environment variable ${v}.`, `Rename one of them (or give it its own env: variable), so that ${v} sets one param.`);
          owner.set(v, p.key);
        }
      }
    }
    if (key === 'tasks') {
      for (const t of mapEntries(src, value, "'tasks'")) {
        if (!NAME.test(t.key)) throw specError(src, t.keyNode, `'${t.key}' is not a valid task name (letters, digits, _ . -).`);
        spec.tasks.set(t.key, parseTask(src, t.key, t.keyNode, t.value));
        checkLiteralOutputs(spec, spec.tasks.get(t.key)!);
      }
    }
  }
  for (const task of spec.tasks.values()) {
    for (const dep of task.dependsOn) {
      if (!spec.tasks.has(dep)) {
        throw new SsdpError('E_BAD_SPEC', `${task.where}: task '${task.name}' depends on '${dep}', which is not a task of this file.`, {
          hint: `Known tasks: ${[...spec.tasks.keys()].join(', ')}.`,
        });
      }
    }
  }
  checkAcyclic(spec);
  checkOutputOverlap(declaredOutputs(spec));
  return spec;
}

/** The outputs written without ${...}, as every step of their task writes them. */
export function declaredOutputs(spec: WorkflowSpec): DeclaredOutput[] {
  return [...spec.tasks.values()].flatMap((t) =>
    t.outputs.flatMap((written, i) => (written.includes('${') ? [] : [{ path: resolve(spec.root, written), owner: t.name, task: t.name, written, where: t.outputsWhere?.[i] ?? t.where, declared: true }])),
  );
}

const PARAM_KEYS = new Set(['default', 'env', 'description']);

/** `name: VALUE`, or `name: { default: VALUE, env: VAR }` for a value the environment may set. */
function parseParam(src: YamlSource, spec: WorkflowSpec, name: string, node: unknown): void {
  if (!isMap(node)) {
    spec.params[name] = scalarString(src, node, `param '${name}'`);
    return;
  }
  spec.params[name] = '';
  for (const { key, keyNode, value } of mapEntries(src, node, `param '${name}'`)) {
    if (!PARAM_KEYS.has(key)) throw specError(src, keyNode, `param '${name}' has an unknown key '${key}'.`, `A param takes a value, or: ${[...PARAM_KEYS].join(', ')}.`);
    if (key === 'default') spec.params[name] = scalarString(src, value, `'default' of param '${name}'`);
    if (key === 'env') {
      const env = scalarString(src, value, `'env' of param '${name}'`);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(env)) throw specError(src, value, `'env' of param '${name}' must be an environment variable name, e.g. SSDP_SMHI_URL.`);
      spec.paramEnv[name] = env;
    }
  }
}

/**
 * A foreach list: a value listed twice would be two steps of one name and one output (F4),
 * so it is refused naming both places.
 */
function distinctValues(src: YamlSource, node: unknown, what: string): string[] {
  const items = seqItems(src, node, what);
  const values = stringList(src, node, what);
  const first = new Map<string, number>();
  values.forEach((v, i) => {
    const at = first.get(v);
    if (at !== undefined) {
      throw specError(src, items[i], `${what} lists '${v}' twice (also at ${where(src, items[at])}); each value is one step, with its own outputs.`, 'Remove the repeated value.');
    }
    first.set(v, i);
  });
  return values;
}

function stringList(src: YamlSource, node: unknown, what: string): string[] {
  if (isScalar(node)) return [scalarString(src, node, what)];
  return seqItems(src, node, what).map((n) => scalarString(src, n, `an entry of ${what}`));
}

/**
 * FILE:LINE:COL of a `${...}` at `offset` in a scalar's value. The value has lost the YAML
 * quoting and indentation, but a placeholder is written the same in both: the n-th one of that
 * text in the value is the n-th in the source. Anything else points at the value's start.
 */
function placeInValue(src: YamlSource, node: unknown, value: string): (offset: number) => string {
  return (offset) => {
    const range = (node as { range?: [number, number, number] }).range;
    // a ${...}, a bare $name or a name (in arithmetic): the token found at `offset`
    const m = /^(?:\$\{[^}\n]*\}|\$?[A-Za-z_][A-Za-z0-9_]*)/.exec(value.slice(offset));
    if (!range || !m) return where(src, node);
    let n = 0;
    for (let i = value.indexOf(m[0]); i >= 0 && i < offset; i = value.indexOf(m[0], i + 1)) n++;
    let at = src.text.indexOf(m[0], range[0]);
    while (n-- > 0 && at >= 0) at = src.text.indexOf(m[0], at + 1);
    if (at < 0 || at >= range[1]) return where(src, node);
    const { line, col } = src.lines.linePos(at);
    return `${src.file}:${line}:${col}`;
  };
}

function parseTask(src: YamlSource, name: string, keyNode: unknown, node: unknown): TaskSpec {
  const task: TaskSpec = { name, dependsOn: [], inputs: [], outputs: [], where: where(src, keyNode) };
  if (isScalar(node)) {
    task.cmd = scalarString(src, node, `task '${name}'`);
    task.cmdAt = placeInValue(src, node, task.cmd);
    return task;
  }
  for (const { key, keyNode: k, value } of mapEntries(src, node, `task '${name}'`)) {
    if (!TASK_KEYS.has(key)) {
      const near = [...TASK_KEYS].filter((t) => editDistance(t, key) <= 2);
      throw specError(src, k, `task '${name}' has an unknown key '${key}'.`, `${near.length ? `Did you mean '${near[0]}'? ` : ''}A task takes: ${[...TASK_KEYS].join(', ')}.`);
    }
    if (key === 'description') task.description = scalarString(src, value, `'description' of task '${name}'`);
    if (key === 'depends_on') task.dependsOn = stringList(src, value, `'depends_on' of task '${name}'`);
    if (key === 'cmd') {
      task.cmd = scalarString(src, value, `'cmd' of task '${name}'`);
      task.cmdAt = placeInValue(src, value, task.cmd);
    }
    if (key === 'function') {
      task.function = scalarString(src, value, `'function' of task '${name}'`);
      if (!/^[^#]+#[A-Za-z_$][\w$]*$/.test(task.function)) {
        throw specError(src, value, `'function' of task '${name}' must look like MODULE#EXPORT (e.g. ./lib/steps.js#clean or ssdp:radar#processDay).`);
      }
    }
    if (key === 'args') task.args = (value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null;
    if (key === 'inputs') task.inputs = stringList(src, value, `'inputs' of task '${name}'`);
    if (key === 'outputs') {
      task.outputs = stringList(src, value, `'outputs' of task '${name}'`);
      task.outputsWhere = isScalar(value) ? [where(src, value)] : seqItems(src, value, '').map((n) => where(src, n));
      const pattern = task.outputs.findIndex((o) => o.includes('*'));
      if (pattern >= 0) {
        throw new SsdpError('E_BAD_SPEC', `${task.outputsWhere[pattern]}: output '${task.outputs[pattern]}' of task '${name}' has a *; outputs are the paths a step writes, not patterns (only inputs take dir/*.ext).`, {
          hint: 'Name each file the step writes, or the folder that holds them (outputs: [res]).',
        });
      }
      const twice = task.outputs.findIndex((o, i) => task.outputs.indexOf(o) !== i);
      if (twice >= 0) throw new SsdpError('E_BAD_SPEC', `${task.outputsWhere[twice]}: output '${task.outputs[twice]}' of task '${name}' is listed twice.`, { hint: 'Remove the second entry.' });
    }
    if (key === 'foreach') {
      const entries = mapEntries(src, value, `'foreach' of task '${name}'`);
      if (entries.length !== 1) {
        throw specError(src, value, `'foreach' of task '${name}' takes exactly one variable, e.g. foreach: { day: "dates(\${start}, \${days})" }.`,
          'For steps over two variables, list their combinations as the values of one (foreach: { pair: ["a-1", "a-2", "b-1"] }), or split the task in two.');
      }
      const [{ key: variable, value: values }] = entries as [(typeof entries)[number]];
      task.foreach = {
        variable,
        values: isSeq(values) ? distinctValues(src, values, `'foreach.${variable}'`) : scalarString(src, values, `'foreach.${variable}'`),
      };
    }
    if (key === 'args' && value !== null && !isMap(value) && !isSeq(value) && !isScalar(value)) {
      throw specError(src, value, `'args' of task '${name}' must be a mapping, a list or a value.`);
    }
  }
  if (!task.cmd && !task.function && task.dependsOn.length === 0) {
    throw new SsdpError('E_BAD_SPEC', `${task.where}: task '${name}' has neither 'cmd' nor 'function' nor 'depends_on', so it would do nothing.`, {
      hint: `Give it cmd: "a shell command" or function: ./module.js#name, or depends_on: [other tasks] to make it a group of them.`,
    });
  }
  if (task.cmd && task.function) {
    throw new SsdpError('E_BAD_SPEC', `${task.where}: task '${name}' has both 'cmd' and 'function'; give one.`, {
      hint: 'Keep the one the step should run; to run both, make two tasks, the second with depends_on: [the first].',
    });
  }
  return task;
}

/** Outputs written without ${...} are checked as read; the others once expanded (expand.ts). */
function checkLiteralOutputs(spec: WorkflowSpec, task: TaskSpec): void {
  const abs = (p: string) => resolve(spec.root, p);
  const inputs = task.inputs.filter((p) => !p.includes('${')).map(abs);
  task.outputs.forEach((p, i) => {
    if (!p.includes('${')) checkOutputPlace(spec.root, spec.file, task.name, p, abs(p), inputs, task.outputsWhere?.[i] ?? task.where);
  });
}

function checkAcyclic(spec: WorkflowSpec): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name].join(' -> ');
      throw new SsdpError('E_BAD_SPEC', `${spec.file}: the tasks depend on each other in a cycle: ${cycle}.`, { hint: 'Remove one of those depends_on entries.' });
    }
    state.set(name, 'visiting');
    for (const d of spec.tasks.get(name)!.dependsOn) visit(d, [...path, name]);
    state.set(name, 'done');
  };
  for (const name of spec.tasks.keys()) visit(name, []);
}

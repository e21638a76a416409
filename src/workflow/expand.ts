/**
 * Turns tasks into instances: parameters substituted into every string, `foreach` expanded,
 * dependencies wired instance to instance. Pure: the same spec and params give the same plan.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { closest } from '../graph/options.js';
import { substituteCmd } from './cmd-template.js';
import { checkOutputOverlap, checkOutputPlace } from './output-place.js';
import { declaredOutputs } from './spec.js';
import type { TaskInstance, TaskSpec, WorkflowSpec } from './types.js';

// `:raw`/`:q` only mean something in cmd lines (cmd-template.ts); elsewhere a value is a value.
const TEMPLATE = /\$\{([A-Za-z_][A-Za-z0-9_.-]*)(?::(?:raw|q))?\}/g;

function unknownName(vars: Record<string, string>, where: string): (name: string) => never {
  return (name) => {
    throw new SsdpError('E_BAD_SPEC', `${where}: '\${${name}}' names no parameter or foreach variable.`, {
      hint: `Known names: ${Object.keys(vars).sort().join(', ') || '(none)'}. Define it under 'params' or pass --param ${name}=VALUE.`,
    });
  };
}

export function substitute(text: string, vars: Record<string, string>, where: string): string {
  const unknown = unknownName(vars, where);
  return text.replace(TEMPLATE, (_, name: string) => vars[name] ?? unknown(name));
}

function substituteDeep(value: unknown, vars: Record<string, string>, where: string): unknown {
  if (typeof value === 'string') return substitute(value, vars, where);
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, vars, where));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteDeep(v, vars, where)]));
  }
  return value;
}

/** `dates(2020-11-01, 30)`, `range(0, 4)`, `a, b, c` or a YAML list. */
export function expandValues(expr: string | string[], vars: Record<string, string>, where: string): string[] {
  if (Array.isArray(expr)) return expr.map((e) => substitute(e, vars, where));
  const text = substitute(expr, vars, where).trim();
  const call = text.match(/^(dates|range)\(\s*([^,]+?)\s*,\s*([^,]+?)\s*\)$/);
  if (call) {
    const [, fn, a, b] = call as unknown as [string, string, string, string];
    if (fn === 'range') {
      // written in decimal digits only: Number() would also take 1e1, 0x2 and ' 2'
      const [from, to] = [a, b].map((x) => (/^-?\d+$/.test(x) ? Number(x) : NaN)) as [number, number];
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new SsdpError('E_BAD_SPEC', `${where}: range(${a}, ${b}) needs two whole numbers written in digits.`, { hint: 'e.g. range(0, 4) for 0, 1, 2, 3.' });
      checkCount(to - from, `range(${a}, ${b})`, where);
      return Array.from({ length: Math.max(0, to - from) }, (_, i) => String(from + i));
    }
    const start = new Date(`${a}T00:00:00Z`);
    // a day that does not exist (2021-02-29) would roll over into the next month
    if (!/^\d{4}-\d{2}-\d{2}$/.test(a) || Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== a) {
      throw new SsdpError('E_BAD_SPEC', `${where}: dates(${a}, ${b}): '${a}' is not a date of the form YYYY-MM-DD${/^\d{4}-\d{2}-\d{2}$/.test(a) ? ' that exists' : ''}.`, { hint: 'e.g. --param start=2020-11-01' });
    }
    const count = /^\d+$/.test(b) ? Number(b) : NaN;
    if (!Number.isSafeInteger(count) || count < 1) throw new SsdpError('E_BAD_SPEC', `${where}: dates(${a}, ${b}): '${b}' is not a positive whole number of days written in digits.`, { hint: 'e.g. --param days=30' });
    checkCount(count, `dates(${a}, ${b})`, where);
    return Array.from({ length: count }, (_, i) => new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10));
  }
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * A task's foreach values. A bad value that came from the command line or the environment is
 * blamed there, not on the ssdp.yaml line that uses it (the user did not change the file: try8h S4).
 */
function foreachValues(task: TaskSpec, params: Record<string, string>, from: Record<string, string>): string[] {
  const expr = task.foreach!.values;
  try {
    return expandValues(expr, params, task.where);
  } catch (e) {
    if (!(e instanceof SsdpError) || e.code !== 'E_BAD_SPEC') throw e;
    const used = [...new Set([...(Array.isArray(expr) ? expr.join(' ') : expr).matchAll(TEMPLATE)].map((m) => m[1]!))].filter((n) => from[n] !== undefined);
    if (used.length === 0) throw e;
    const given = used.map((n) => (from[n] === '--param' ? `--param ${n}=${params[n]}` : `${from[n]}=${params[n]} (parameter ${n})`));
    const what = e.message.startsWith(`${task.where}: `) ? e.message.slice(task.where.length + 2) : e.message;
    throw new SsdpError('E_BAD_PARAM', `${given.join(', ')}: task '${task.name}' cannot use ${used.length === 1 ? 'this value' : 'these values'}: in its foreach (${task.where}), ${what}`, {
      hint: `Give ${used.length === 1 ? 'it' : 'them'} a value that fits (${e.hint ?? 'see the foreach line'}); nothing was run.`,
      exitCode: used.some((n) => from[n] === '--param') ? 2 : 1,
    });
  }
}

/**
 * Most steps one foreach may expand to. Each step is planned, stamped and scheduled one by one,
 * and a few zeros too many (range(0, 1000000000)) built them all until the heap ran out, minutes
 * later (FE1); a run of this many steps is better split into tasks that each handle a batch.
 */
export const MAX_FOREACH = 100_000;

function checkCount(n: number, expr: string, where: string): void {
  if (n <= MAX_FOREACH) return;
  throw new SsdpError('E_BAD_SPEC', `${where}: foreach ${expr} makes ${n.toLocaleString('en-US')} steps; ssdp runs at most ${MAX_FOREACH.toLocaleString('en-US')} steps of one task.`, {
    hint: 'Check the numbers (a few zeros too many?), or let each step handle a batch: foreach over batches, and loop inside the step.',
  });
}

export interface PlanOptions {
  /** Overrides of the workflow's params (from --param). */
  params?: Record<string, string>;
  /** Where each value of `params` not from the file came from ('--param', or '$VAR'): named when one is bad. */
  paramFrom?: Record<string, string>;
  /** Extra text that changes every fingerprint (e.g. the version of the code that runs). */
  codeVersion?: (task: TaskSpec) => string;
  /** The workflow env's identity (workflowEnvIdentity) for steps that run something; null: no env; undefined: not known. */
  env?: string | null;
}

/** The instances needed for `targets` (and everything they depend on), in dependency order. */
export function planInstances(spec: WorkflowSpec, targets: string[], opts: PlanOptions = {}): TaskInstance[] {
  for (const [k] of Object.entries(opts.params ?? {})) {
    if (!(k in spec.params)) {
      const near = closest(k, Object.keys(spec.params));
      throw new SsdpError('E_BAD_PARAM', `--param ${k}: ${spec.file} has no parameter '${k}'${near ? ` (did you mean '${near}'?)` : ''}.`, {
        hint: `Known parameters: ${Object.keys(spec.params).sort().join(', ') || '(none)'}.`,
        exitCode: 2,
      });
    }
  }
  const params = { ...spec.params, ...opts.params };
  const byTask = new Map<string, TaskInstance[]>();
  const order: TaskInstance[] = [];

  const build = (name: string): TaskInstance[] => {
    const done = byTask.get(name);
    if (done) return done;
    const task = spec.tasks.get(name);
    if (!task) {
      throw new SsdpError('E_NO_TASK', `${spec.file} has no task '${name}'.`, { hint: `Tasks: ${[...spec.tasks.keys()].join(', ')}. See ssdp tasks.`, exitCode: 2 });
    }
    const depInstances = task.dependsOn.map((d) => ({ task: spec.tasks.get(d)!, instances: build(d) }));
    const values = task.foreach ? foreachValues(task, params, opts.paramFrom ?? {}) : [undefined];
    // once per task: it reads the task module's import graph
    const code = opts.codeVersion?.(task) ?? '';
    const instances = values.map((value) => {
      const vars = task.foreach ? { ...params, [task.foreach.variable]: value! } : { ...params };
      const deps: string[] = [];
      for (const d of depInstances) {
        // A dependency expanded over the same variable is matched value by value (day to day);
        // otherwise this instance needs all of its instances (a reduction).
        const same = task.foreach && d.task.foreach?.variable === task.foreach.variable;
        for (const inst of d.instances) if (!same || inst.vars[task.foreach!.variable] === value) deps.push(inst.id);
      }
      const abs = (p: string) => (isAbsolute(p) ? p : resolve(spec.root, p));
      const inst: TaskInstance = {
        id: task.foreach ? `${name}[${value}]` : name,
        task: name,
        vars,
        cmd: task.cmd === undefined ? undefined : substituteCmd(task.cmd, vars, task.where, unknownName(vars, task.where), task.cmdAt),
        function: task.function,
        args: task.args === undefined ? undefined : substituteDeep(task.args, vars, task.where),
        inputs: task.inputs.map((p) => abs(substitute(p, vars, task.where))),
        outputs: task.outputs.map((p) => abs(substitute(p, vars, task.where))),
        deps,
        fingerprint: '',
        env: task.cmd !== undefined || task.function ? opts.env : undefined,
      };
      inst.outputs.forEach((p, i) => checkOutputPlace(spec.root, spec.file, name, task.outputs[i]!, p, inst.inputs, task.outputsWhere?.[i] ?? task.where, task.outputs[i]!.includes('${')));
      inst.fingerprint = createHash('sha256')
        .update(JSON.stringify([inst.id, inst.cmd, inst.function, inst.args, inst.inputs, inst.outputs, code]))
        .digest('hex')
        .slice(0, 32);
      return inst;
    });
    byTask.set(name, instances);
    order.push(...instances);
    return instances;
  };
  for (const t of targets) build(t);
  const expanded = order.flatMap((inst) => {
    const task = spec.tasks.get(inst.task)!;
    return inst.outputs.map((path, i) => ({ path, owner: inst.id, task: inst.task, written: task.outputs[i]!, where: task.outputsWhere?.[i] ?? task.where }));
  });
  checkOutputOverlap([...expanded, ...declaredOutputs(spec)]);
  return order;
}

/**
 * Runs one workflow instance. This module is what graph workers import: it must work in a
 * worker process started under an env's own node, so it takes everything as plain data.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SsdpError } from '../util/errors.js';
import { printLine } from '../util/reporter.js';
import { writeStamp } from './stamps.js';
import type { TaskContext, TaskInstance } from './types.js';

export interface InstancePayload {
  inst: TaskInstance;
  root: string;
  /** Dependency instance id -> task name, to group results for the context. */
  depTasks: Record<string, string>;
}

/** `ssdp:radar#f` is one of ssdp's own areas; other modules resolve from the workflow root. */
export function moduleUrl(spec: string, root: string): string {
  const [mod] = spec.split('#') as [string];
  if (mod.startsWith('ssdp:')) return new URL(`../${mod.slice(5)}/index.js`, import.meta.url).href;
  if (mod.startsWith('.') || isAbsolute(mod)) return pathToFileURL(resolve(root, mod)).href;
  return pathToFileURL(createRequire(join(root, 'ssdp.yaml')).resolve(mod)).href;
}

async function runFunction(inst: TaskInstance, ctx: TaskContext): Promise<unknown> {
  const spec = inst.function!;
  const name = spec.slice(spec.lastIndexOf('#') + 1);
  const mod = (await import(moduleUrl(spec, ctx.root))) as Record<string, unknown>;
  const fn = mod[name];
  if (typeof fn !== 'function') {
    throw new SsdpError('E_TASK_FUNCTION', `Task ${inst.id}: ${spec} does not export a function '${name}'.`);
  }
  return await (fn as (args: unknown, ctx: TaskContext) => unknown)(inst.args, ctx);
}

// A worker that exits (its scheduler died or was stopped) must not leave its commands running.
const runningShells = new Set<ReturnType<typeof spawn>>();
let exitHookInstalled = false;

function runShell(inst: TaskInstance, root: string): Promise<unknown> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => runningShells.forEach((c) => c.kill('SIGTERM')));
  }
  return new Promise((ok, fail) => {
    const child = spawn('/bin/sh', ['-c', inst.cmd!], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    runningShells.add(child);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      runningShells.delete(child);
      if (code === 0) ok({ exitCode: 0 });
      else fail(new SsdpError('E_TASK_COMMAND', `Task ${inst.id}: \`${inst.cmd}\` ${signal ? `was killed by ${signal}` : `exited with code ${code}`}.`));
    });
  });
}

export async function executeInstance(payload: InstancePayload, ...depResults: unknown[]): Promise<unknown> {
  const { inst, root, depTasks } = payload;
  const deps: Record<string, unknown[]> = {};
  inst.deps.forEach((id, i) => (deps[depTasks[id]!] ??= []).push(depResults[i]));
  const ctx: TaskContext = {
    id: inst.id,
    deps,
    params: inst.vars,
    root,
    log: (m) => printLine(`[${inst.id}] ${m}`),
    warn: (m) => printLine(`ssdp: warning: [${inst.id}] ${m}`),
  };
  const t0 = performance.now();
  const result = inst.cmd !== undefined ? await runShell(inst, root) : inst.function ? await runFunction(inst, ctx) : null;
  writeStamp(root, inst, result, (performance.now() - t0) / 1000);
  return result;
}

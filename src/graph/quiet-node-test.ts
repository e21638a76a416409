/**
 * Workers import a task function's own module to find it (as Dask pickles by reference). When
 * that module is a node:test file, its top-level test() calls would run every test again in each
 * worker, and under `node --test` each worker would also write the runner's binary frames into
 * the stdout lines the pool forwards, which breaks the runner's stream ("Unable to deserialize
 * cloned data"). In a worker, node:test therefore resolves to a module whose registering
 * functions do nothing; everything else is node:test's own.
 */
import { register } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const STUB = `
import * as real from 'node:test';
const none = () => Promise.resolve();
const quiet = Object.assign(() => Promise.resolve(), { skip: none, todo: none, only: none });
const hook = () => {};
export const test = quiet, it = quiet, describe = quiet, suite = quiet;
export const before = hook, after = hook, beforeEach = hook, afterEach = hook;
export const mock = real.mock, run = real.run, snapshot = real.snapshot, assert = real.assert;
export const skip = quiet.skip, todo = quiet.todo, only = quiet.only;
export default test;
`;
const STUB_URL = `data:text/javascript;base64,${Buffer.from(STUB).toString('base64')}`;

const HOOKS = `
export async function resolve(specifier, context, next) {
  if (specifier === 'node:test' && context.parentURL !== ${JSON.stringify(STUB_URL)}) return { url: ${JSON.stringify(STUB_URL)}, shortCircuit: true };
  return next(specifier, context);
}
`;

let registered = false;

/**
 * Called by a worker before it imports a task module (a function's, a workflow step's): under
 * node's test runner, the stub is registered before the first module whose source names node:test
 * (a test file holding its tasks) is imported. Only then: registering starts Node's loader-hooks
 * thread, ~150 ms of CPU, which every task process and workflow step started from a test paid
 * at its start, although their modules (steps.mjs, fixtures) never import node:test. A module
 * that is not a readable file (data:, a folder) counts as naming it.
 */
export function quietNodeTestBefore(url: string): void {
  if (registered || process.env.NODE_TEST_CONTEXT === undefined || (globalThis as Record<string, unknown>).__ssdpInWorker !== true) return;
  if (!namesNodeTest(url)) return;
  registered = true;
  register(`data:text/javascript;base64,${Buffer.from(HOOKS).toString('base64')}`);
}

function namesNodeTest(url: string): boolean {
  if (!url.startsWith('file:')) return true;
  try {
    return readFileSync(fileURLToPath(url), 'latin1').includes('node:test');
  } catch {
    return true;
  }
}

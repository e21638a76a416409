/**
 * A step handed out again within the run that already finished it (an `ssdp worker` finished it
 * while the broker stood still and could not report it; tester s21 try11t T3) is not run a second
 * time: the attempt finds the stamp of its own run and gives its recorded result. A later run
 * (another run id) runs it as planned. In-process: executeInstance as a worker's task process calls it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { loadWorkflow } from '../../src/workflow/spec.js';
import { planRun, workflowGraph } from '../../src/workflow/runner.js';
import { executeInstance, type InstancePayload } from '../../src/workflow/exec.js';

test('T3: a step handed out again in the run that finished it keeps its output and result; a new run runs it', async (t) => {
  const dir = tempDir('ssdp-handed-out-again-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  add:\n    cmd: "echo done >> out/s.txt"\n    outputs: [out/s.txt]\n');
  const spec = loadWorkflow(join(dir, 'ssdp.yaml'));
  const payloadOf = async (run: string): Promise<InstancePayload> => {
    const plan = await planRun(spec, ['add'], { force: true });
    const task = workflowGraph(spec, plan, { run })['add'] as unknown as { args: [{ $lit: InstancePayload }] };
    return task.args[0].$lit;
  };
  const first = await payloadOf('run-1');
  assert.equal(first.run, 'run-1');
  const r1 = await executeInstance(first);
  assert.equal(readFileSync(join(dir, 'out', 's.txt'), 'utf8'), 'done\n');
  // the same step of the same run, handed out again after it finished (was: appended a second time)
  const again = await executeInstance(first);
  assert.deepEqual(again, r1);
  assert.equal(readFileSync(join(dir, 'out', 's.txt'), 'utf8'), 'done\n');
  // a later run (here --force) runs it
  await executeInstance(await payloadOf('run-2'));
  assert.equal(readFileSync(join(dir, 'out', 's.txt'), 'utf8'), 'done\ndone\n');
});

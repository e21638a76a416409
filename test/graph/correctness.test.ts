/**
 * Issue 10's "wrong or broken today" list, one test each: results that were silently wrong,
 * crashes on what the lecture writes, and errors that must say what to do.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { delayed, compute, get, fnRef, shutdownDefaultPools, tokenize, TaskFailedError, Client } from '../../src/graph/index.js';
import type { SchedulerName } from '../../src/graph/index.js';
import * as array from '../../src/collections/array/index.js';
import * as bag from '../../src/collections/bag.js';
import { makeArray, same, sameAgain, firstHalf, makeAdder, inc } from './fixtures/tasks.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { running } from '../helpers/processes.js';

const SCHEDULERS: SchedulerName[] = ['sync', 'threads', 'processes'];
const CODED = new URL('./fixtures/coded-error.js', import.meta.url).href;
const tmp = mkdtempSync(join(tmpdir(), 'ssdp-correct-'));
after(() => shutdownDefaultPools());

test('1. array.random.rand without a seed works (a fresh seed each time)', async () => {
  const a = array.random.rand({ shape: [10000, 10000], chunks: [1000, 1000] });
  const b = array.random.rand({ shape: [10000, 10000], chunks: [1000, 1000] });
  assert.notEqual(a.name, b.name, 'two unseeded arrays are different arrays');
  const small = array.random.rand({ shape: [300], chunks: [100] });
  const v = (await small.compute({ scheduler: 'threads', nWorkers: 2 })) as { data: Float64Array };
  assert.equal(v.data.length, 300);
  assert.ok(v.data.every((x) => x >= 0 && x < 1));
  assert.ok(new Set(v.data).size > 290, 'values differ');
});

for (const scheduler of SCHEDULERS) {
  test(`2. ${scheduler}: a buffer used by two tasks reaches both (transferred only when nothing else holds it)`, async () => {
    const m = delayed(makeArray)(1000, 1.5);
    const [a, b] = (await compute(delayed(same)(m), delayed(sameAgain)(m), { scheduler, nWorkers: 2 })) as Float64Array[];
    assert.equal(a!.length, 1000);
    assert.equal(b!.length, 1000);
    assert.equal(a![999], 1.5);
    // results that alias one buffer (a task returning its input, a view of it) keep it
    const half = delayed(firstHalf)(m);
    const [h, whole, again] = (await compute(half, delayed(same)(m), delayed(sameAgain)(delayed(same)(m)), { scheduler, nWorkers: 2 })) as Float64Array[];
    assert.deepEqual([h!.length, whole!.length, again!.length], [500, 1000, 1000]);
    // the lecture's stack of the same array twice
    const x = array.ones([2, 4], { chunks: [1, 4] });
    const s = (await array.stack([x, x]).compute({ scheduler, nWorkers: 2 })) as { shape: number[]; data: Float64Array };
    assert.deepEqual(s.shape, [2, 2, 4]);
    assert.equal(s.data.length, 16);
    assert.ok(s.data.every((v) => v === 1));
  });
}

test('2. a chunk of the wrong size is reported with lengths, not only shapes', async () => {
  const d = delayed(makeArray)(3, 1);
  const x = array.fromDelayed(d, { shape: [1, 4] });
  await assert.rejects(x.compute({ scheduler: 'sync' }), { code: 'E_ARRAY_CHUNK_SHAPE', message: /Float64Array of length 3, but shape \[1, 4\] \(4 values\)/ });
});

test('3. tokens tell apart every value that computes differently', async () => {
  const distinct = [NaN, Infinity, -Infinity, 0, -0, 1, 1n, '1', undefined, null, true, new Float32Array([1]), new Int32Array([1065353216]), new Float64Array([1])];
  const tokens = distinct.map((v) => tokenize([v]));
  assert.equal(new Set(tokens).size, distinct.length, 'one token per value');
  const keys = distinct.map((v) => delayed(same)(v).key);
  assert.equal(new Set(keys).size, distinct.length);
  // the arrays
  const [n, p, m] = (await array.compute(array.full([3], NaN), array.full([3], Infinity), array.full([3], -Infinity))) as { data: Float64Array }[];
  assert.ok(Number.isNaN(n!.data[0]));
  assert.equal(p!.data[0], Infinity);
  assert.equal(m!.data[0], -Infinity);
  const x = array.ones([3]);
  const [xn, xi, xz, xmz] = (await array.compute(x.add(NaN), x.add(Infinity), array.div(1, x.mul(0)), array.div(1, x.mul(-0)))) as { data: Float64Array }[];
  assert.ok(Number.isNaN(xn!.data[1]));
  assert.equal(xi!.data[1], Infinity);
  assert.equal(xz!.data[1], Infinity);
  assert.equal(xmz!.data[1], -Infinity);
});

test('4. building a graph of delayed calls grows linearly with the number of calls', () => {
  // Time per call at 10^5 vs 10^4: quadratic building (the old deps.includes) made it ~10x
  // worse; linear building keeps it within a small factor whatever the machine's load.
  const build = (n: number): number => {
    const t0 = performance.now();
    const xs = Array.from({ length: n }, (_, i) => delayed(inc)(i));
    const total = delayed(same)(xs);
    assert.equal(Object.keys(total.graph).length, n + 1);
    return (performance.now() - t0) / n;
  };
  build(2000); // warm up the JIT
  const small = Math.min(build(10_000), build(10_000));
  const large = build(100_000);
  assert.ok(large < small * 4, `per call: ${large.toFixed(2)} us at 10^5 vs ${small.toFixed(2)} us at 10^4 (quadratic growth)`);
});

const SCRIPT = fileURLToPath(new URL('./fixtures/tla-script.js', import.meta.url));
function script(scheduler: SchedulerName, mode: 'delayed' | 'ref' | 'class', guard: boolean): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [SCRIPT], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, SSDP_TEST_SCHEDULER: scheduler, SSDP_TEST_MODE: mode, SSDP_TEST_GUARD: guard ? '1' : '0' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

for (const scheduler of ['threads', 'processes'] as const) {
  test(`5. ${scheduler}: a script with top-level await and exported task functions runs them on workers`, () => {
    for (const mode of ['delayed', 'ref'] as const) {
      const r = script(scheduler, mode, true);
      assert.equal(r.status, 0, `${mode}: ${r.stderr}`);
      assert.equal(r.stdout, 'result 13\n');
    }
  });

  test(`5. ${scheduler}: a task of a guarded script returns an instance of a class the script exports, class kept (G1)`, () => {
    const r = script(scheduler, 'class', true);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'class true 26\nresult 13\n');
  });

  test(`5. ${scheduler}: forgetting the runsAsMain guard is a clear error, not a hang`, () => {
    for (const mode of ['delayed', 'ref'] as const) {
      const r = script(scheduler, mode, false);
      assert.equal(r.status, 1, `${mode}: ${r.stderr}`);
      assert.match(r.stderr, /E_MAIN_NOT_GUARDED/);
      assert.match(r.stderr, /tla-script\.js started a computation while a worker was importing it/);
      assert.match(r.stderr, /runsAsMain\(import\.meta\.url\)/);
    }
  });
}

test('5. sync: a script awaiting a compute of its own fnRef exports says why instead of exit 13', () => {
  const r = script('sync', 'ref', true);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_MODULE_STILL_RUNNING/);
  assert.match(r.stderr, /refers to its own export nameLength/);
  const ok = script('sync', 'delayed', true);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout, 'result 13\n');
});

test('6. bag.map with a lambda reading an outer variable explains why on workers', async () => {
  const k = 3;
  const b = bag.fromSequence([1, 2, 3], { npartitions: 2 }).map((x: number) => x * k);
  assert.deepEqual(await b.compute({ scheduler: 'sync' }), [3, 6, 9]);
  await assert.rejects(b.compute({ scheduler: 'threads', nWorkers: 2 }), {
    code: 'E_TASK_FAILED',
    message: /ReferenceError: k is not defined \(the function was sent to the worker as source text/,
  });
});

for (const scheduler of ['threads', 'processes'] as const) {
  test(`6. ${scheduler}: a task returning a function fails that task, the workers live on`, async () => {
    await assert.rejects(delayed(makeAdder)(2).compute({ scheduler, nWorkers: 1 }), (e: unknown) => {
      assert.equal((e as { code?: string }).code, 'E_RESULT_NOT_CLONEABLE');
      assert.match((e as Error).message, /task makeAdder-[0-9a-f]+ returned a function/);
      return true;
    });
    // used inside the worker only (not sent back), it is fine
    assert.equal(await delayed(makeAdder)(2).$call('call', null, 5).compute({ scheduler, nWorkers: 1 }), 7);
    assert.equal(await delayed(inc)(1).compute({ scheduler, nWorkers: 1 }), 2);
  });
}

test('6. workers whose parent dies mid-compute stop quietly (no EPIPE stack)', async () => {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/orphan.js', import.meta.url))], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  await new Promise<void>((r) => child.stderr.on('close', () => r()));
  const pids = /pids (.*)/.exec(out)![1]!.split(' ').map(Number);
  assert.equal(pids.length, 2);
  // gone, or a zombie nobody reaps (an orphan's new parent here may not wait for children)
  const gone = (pid: number): boolean => !running(pid);
  // workers notice the parent's death through their IPC channel (not by a timer): wait for that
  for (let i = 0; i < 300 && !pids.every(gone); i++) await new Promise((r) => setTimeout(r, 100));
  for (const pid of pids) assert.ok(gone(pid), `worker ${pid} is still running`);
  assert.doesNotMatch(err, /EPIPE|Error|at /, err);
});

test('6. an option typo is an error naming the option, not an extra result', async () => {
  const x = delayed(inc)(1);
  await assert.rejects(compute(x, { schedular: 'sync' }), { code: 'E_COMPUTE_OPTION', message: /unknown option 'schedular' \(did you mean 'scheduler'\?\)/ });
  await assert.rejects(x.compute({ nworkers: 2 } as never), { code: 'E_COMPUTE_OPTION', message: /did you mean 'nWorkers'/ });
  await assert.rejects(compute(x, { scheduler: 'thread' } as never), { code: 'E_COMPUTE_OPTION', message: /did you mean 'threads'/ });
  await assert.rejects(get({ a: { fn: inc, args: [1] } }, 'a', { retry: 2 } as never), { code: 'E_COMPUTE_OPTION' });
  // a plain object that is not options is a value, returned as it is
  assert.deepEqual(await compute(x, { name: 'x', size: 2 }, { scheduler: 'sync' }), [2, { name: 'x', size: 2 }]);
});

test('worker and retry counts are validated before anything runs; Client options as compute\'s (n_workers is the lecture\'s spelling)', async () => {
  const x = delayed(inc)(1);
  for (const scheduler of ['threads', 'processes', 'sync'] as const) {
    for (const nWorkers of [NaN, -1, 0, 1.5, '2']) {
      await assert.rejects(compute(x, { scheduler, nWorkers } as never), { code: 'E_COMPUTE_OPTION', message: /nWorkers must be a whole number from 1/ });
    }
  }
  for (const retries of [-1, 0.5, NaN]) {
    await assert.rejects(x.compute({ scheduler: 'sync', retries }), { code: 'E_COMPUTE_OPTION', message: /retries must be a whole number from 0/ });
  }
  assert.equal(await x.compute({ scheduler: 'sync', retries: 0 }), 2);
  assert.throws(() => new Client({ scheduler: 'thread' } as never), { code: 'E_COMPUTE_OPTION', message: /did you mean 'threads'/ });
  assert.throws(() => new Client({ nworkers: 2 } as never), { code: 'E_COMPUTE_OPTION', message: /new Client: unknown option 'nworkers' \(did you mean 'nWorkers'\?\)/ });
  assert.throws(() => new Client({ nWorkers: 0 }), { code: 'E_COMPUTE_OPTION', message: /nWorkers/ });
  const client = new Client({ n_workers: 2, scheduler: 'threads' } as never);
  try {
    assert.equal(client.nWorkers, 2);
    assert.deepEqual(await client.compute(x), [2]);
  } finally {
    await client.close();
  }
});

test('6. compute looks inside lists and plain objects, as Dask does', async () => {
  const a = delayed(inc)(1);
  const b = delayed(inc)(2);
  assert.deepEqual(await compute([a, b], { scheduler: 'sync' }), [[2, 3]]);
  assert.deepEqual(await compute({ a, rest: [b, 'text', [a]] }, 5, { scheduler: 'threads', nWorkers: 2 }), [{ a: 2, rest: [3, 'text', [2]] }, 5]);
  const ones = array.ones([4], { chunks: [2] });
  const [r] = (await compute([ones.sum(), a], { scheduler: 'sync' })) as [[{ data: Float64Array }, number]];
  assert.deepEqual([r[0].data[0], r[1]], [4, 2]);
});

test('6. visualize refuses formats it cannot write, before writing anything', async () => {
  const x = delayed(inc)(1);
  const file = join(tmp, 'graph.png');
  await assert.rejects(x.visualize({ format: 'png' } as never), { code: 'E_VISUALIZE_FORMAT', message: /format "png"/ });
  await assert.rejects(x.visualize({ filename: file }), { code: 'E_VISUALIZE_FORMAT', message: /graph\.png/ });
  assert.equal(existsSync(file), false);
  assert.equal(existsSync(join(tmp, 'graph.svg')), false);
});

test('6. a placeholder used with an operator is an error that names the method to use', () => {
  const d = delayed(inc)(1) as unknown as number;
  assert.throws(() => d + 1, { code: 'E_DELAYED_OPERATOR', message: /used with an operator/, hint: /d\.add\(1\)/ });
  assert.throws(() => (d as unknown as number) < 3, { code: 'E_DELAYED_OPERATOR' });
  assert.match(`${d}`, /^Delayed\('inc-[0-9a-f]+'\)$/, 'a template string still labels it');
});

for (const scheduler of SCHEDULERS) {
  test(`${scheduler}: a task's SsdpError crosses to the caller intact; other errors keep their stack`, async () => {
    await assert.rejects(get({ r: { fn: fnRef(CODED, 'refuses'), args: [7] } }, 'r', { scheduler, nWorkers: 1, retries: 1 }), (e: unknown) => {
      assert.ok(!(e instanceof TaskFailedError));
      assert.deepEqual({ ...(e as object), name: (e as Error).name, message: (e as Error).message }, {
        code: 'E_TEST_REFUSED',
        hint: 'Give it a radar file.',
        exitCode: 1,
        name: 'SsdpError',
        message: 'input 7 is not a radar file',
      });
      return true;
    });
    await assert.rejects(get({ r: { fn: fnRef(CODED, 'breaks'), args: [7] } }, 'r', { scheduler, nWorkers: 1 }), (e: unknown) => {
      assert.ok(e instanceof TaskFailedError);
      assert.match(e.message, /TypeError: broken on 7\n\s+\| TypeError: broken on 7\n\s+\|\s+at breaks .*coded-error\.js/);
      return true;
    });
  });
}

test("the CLI prints a workflow task's SsdpError once: its code and hint, no stack, no retries hint", () => {
  const dir = tempDir('ssdp-graph-err-');
  const errors = pathToFileURL(fileURLToPath(new URL('../../src/util/errors.js', import.meta.url))).href;
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  check:\n    function: "./steps.mjs#check"\n    outputs: ["out.txt"]\n');
  writeFileSync(
    join(dir, 'steps.mjs'),
    `import { SsdpError } from '${errors}';\nexport function check() { throw new SsdpError('E_TEST_REFUSED', 'the data folder holds no radar files', { hint: 'Put the zips in data/.' }); }\n`,
  );
  const r = runCli(['run', 'check'], { cwd: dir });
  assert.notEqual(r.status, 0);
  const text = r.stdout + r.stderr;
  assert.equal(text.match(/the data folder holds no radar files/g)?.length, 1, text);
  assert.match(text, /E_TEST_REFUSED/);
  assert.match(text, /Put the zips in data\//);
  assert.doesNotMatch(text, /E_TASK_FAILED|retries|\n\s+at |\|/, text);
  assert.equal(readFileSync(join(dir, 'steps.mjs'), 'utf8').includes('E_TEST_REFUSED'), true);
});

/**
 * The tester's breaks of issue 10 (session 8), each as a real script run by node or a real
 * computation on every scheduler.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const tmp = mkdtempSync(join(tmpdir(), 'ssdp-breaks10-'));
const INDEX = fileURLToPath(new URL('../../src/index.js', import.meta.url));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs a script (written to the temp folder) with node; its body appends a line to a log. */
function runScript(name: string, body: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string; bodyRuns: number } {
  const file = join(tmp, name);
  const log = join(tmp, `${name}.log`);
  writeFileSync(file, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(log)}, 'body\\n');\n${body.replaceAll('SSDP', JSON.stringify(INDEX))}\n`);
  const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  let bodyRuns = 0;
  try {
    bodyRuns = readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
  } catch {
    // never ran
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, bodyRuns };
}

for (const scheduler of ['threads', 'processes'] as const) {
  test(`B1 ${scheduler}: the README's bag example (lambdas, top-level await, no exports) runs its body once`, () => {
    const r = runScript(
      `lecbag-${scheduler}.mjs`,
      `import { bag, sum, shutdownDefaultPools } from SSDP;
const sums = bag.fromSequence(Array(8).fill(100)).map((x) => Array.from({ length: x }, () => 1)).map(sum);
console.log(JSON.stringify(await sums.compute({ scheduler: '${scheduler}', nWorkers: 2 })));
await shutdownDefaultPools();`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${JSON.stringify(Array(8).fill(100))}\n`);
    assert.equal(r.bodyRuns, 1, 'the script body ran again in a worker');
  });

  test(`B1 ${scheduler}: a lambda of a script without exports runs from its source, with or without top-level await`, () => {
    const tla = runScript(`small-tla-${scheduler}.mjs`, `import { delayed, compute, shutdownDefaultPools } from SSDP;\nconsole.log(await compute(delayed((x) => x * 2)(3), { scheduler: '${scheduler}' }));\nawait shutdownDefaultPools();`);
    assert.equal(tla.status, 0, tla.stderr);
    assert.equal(tla.stdout, '[ 6 ]\n');
    assert.equal(tla.bodyRuns, 1);
    const then = runScript(
      `small-then-${scheduler}.mjs`,
      `import { delayed, compute, shutdownDefaultPools } from SSDP;\ncompute(delayed((x) => x * 2)(3), { scheduler: '${scheduler}' }).then((r) => { console.log(r); return shutdownDefaultPools(); });`,
    );
    assert.equal(then.status, 0, then.stderr);
    assert.equal(then.stdout, '[ 6 ]\n');
    assert.equal(then.bodyRuns, 1);
  });

  test(`B1 ${scheduler}: a lambda using an outer variable explains the ReferenceError without rerunning the body`, () => {
    const r = runScript(
      `outer-${scheduler}.mjs`,
      `import { bag, shutdownDefaultPools } from SSDP;
const k = 3;
try { await bag.fromSequence([1, 2]).map((x) => x * k).compute({ scheduler: '${scheduler}' }); } catch (e) { console.log(e.message); }
await shutdownDefaultPools();`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /k is not defined/);
    assert.match(r.stdout, /sent to the worker as source text/);
    assert.equal(r.bodyRuns, 1);
  });
}

const TASKS = join(tmp, 'b23-tasks.mjs');
writeFileSync(
  TASKS,
  `import { readFileSync } from 'node:fs';
const LUT = new Float32Array([0.5, 1.5, 2.5]);
export function lut() { return LUT; }
export function lutSum(k) { return LUT[0] + LUT[1] + LUT[2] + k; }
export function read(p) { return readFileSync(p); }
export function text(b) { return b.constructor.name + ':' + b.toString(); }
`,
);

for (const scheduler of ['sync', 'threads', 'processes'] as const) {
  test(`B3 ${scheduler}: a task returning a module-level typed array leaves it intact for later tasks on the worker`, () => {
    const r = runScript(
      `b3-${scheduler}.mjs`,
      `import { delayed, Client, shutdownDefaultPools } from SSDP;
import { lut, lutSum } from ${JSON.stringify(TASKS)};
const c = new Client({ nWorkers: 1, scheduler: '${scheduler}' });
console.log(Array.from(await delayed(lut)().compute()).join(','));
console.log(await delayed(lutSum)(0).compute());
await c.close?.(); await shutdownDefaultPools();`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '0.5,1.5,2.5\n4.5\n');
  });

  test(`B2 ${scheduler}: a Buffer returned by a task stays a Buffer, to the caller and to the next task`, () => {
    const file = join(tmp, 'b2.txt');
    writeFileSync(file, 'vm\n');
    const r = runScript(
      `b2-${scheduler}.mjs`,
      `import { delayed, shutdownDefaultPools } from SSDP;
import { read, text } from ${JSON.stringify(TASKS)};
const b = await delayed(read)(${JSON.stringify(file)}).compute({ scheduler: '${scheduler}' });
console.log(b.constructor.name, JSON.stringify(b.toString()));
console.log(await delayed(text)(delayed(read)(${JSON.stringify(file)})).compute({ scheduler: '${scheduler}' }));
await shutdownDefaultPools();`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'Buffer "vm\\n"\nBuffer:vm\n\n');
  });
}

const B5 = join(tmp, 'b5-tasks.mjs');
writeFileSync(
  B5,
  `export function whole(a) { return [a.constructor.name, a.byteOffset, a.buffer.byteLength, Array.from(new Uint8Array(a.buffer))]; }
`,
);

for (const scheduler of ['threads', 'processes'] as const) {
  test(`B5 ${scheduler}: typed-array and DataView arguments arrive with their own exact buffer`, () => {
    const r = runScript(
      `b5-${scheduler}.mjs`,
      `import { delayed, compute, shutdownDefaultPools } from SSDP;
import { whole } from ${JSON.stringify(B5)};
const u8 = new Uint8Array([9, 8, 7, 6]).subarray(1, 3);
const dv = new DataView(new Uint8Array([1, 2, 3, 4]).buffer, 2, 2);
const rs = await compute(delayed(whole)(new Uint8Array([5, 6])), delayed(whole)(u8), delayed(whole)(dv), { scheduler: '${scheduler}' });
console.log(JSON.stringify(rs));
await shutdownDefaultPools();`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, JSON.stringify([['Uint8Array', 0, 2, [5, 6]], ['Uint8Array', 0, 2, [8, 7]], ['DataView', 0, 2, [3, 4]]]) + '\n');
  });
}

test('B5: values that look alike but differ to a task get different keys (null prototype, holes, symbol keys, views)', async () => {
  const { compute, delayed } = await import('../../src/index.js');
  const probe = (x: unknown) => {
    if (ArrayBuffer.isView(x)) return `view@${x.byteOffset}/${x.buffer.byteLength}`;
    if (Array.isArray(x)) return `hole:${!(0 in x)}`;
    return `null-proto:${Object.getPrototypeOf(x) === null} symbols:${Object.getOwnPropertySymbols(x).length}`;
  };
  const p = delayed(probe);
  const bare = Object.assign(Object.create(null) as object, { a: 1 });
  const big = new Float64Array([5, 1, 2]);
  // eslint-disable-next-line no-sparse-arrays
  const hole = [, 1];
  const got = await compute(p(bare), p({ a: 1 }), p([undefined, 1]), p(hole), p({ a: 1, [Symbol('s')]: 2 }), p(new Float64Array([1])), p(big.subarray(1, 2)), { scheduler: 'sync' });
  assert.deepEqual(got, ['null-proto:true symbols:0', 'null-proto:false symbols:0', 'hole:false', 'hole:true', 'null-proto:false symbols:1', 'view@0/8', 'view@8/24']);
});

test('B4: a class given to delayed is constructed, as Dask calls it, on every scheduler', async () => {
  const { delayed } = await import('../../src/index.js');
  const { Vec2 } = await import('./fixtures/tasks.js');
  for (const scheduler of ['sync', 'threads', 'processes'] as const) {
    const pt = delayed(Vec2)(3, 4);
    const r = await pt.compute({ scheduler });
    assert.ok(r instanceof Vec2, `${scheduler}: ${String(r)}`);
    assert.equal(r.norm2(), 25, scheduler);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';

const GRAPH = new URL('../../src/graph/index.js', import.meta.url).href;

test('a node:test file whose exported task functions run on processes and threads: its tests run once, not again in every worker', () => {
  const dir = tempDir('ssdp-node-test-workers-');
  const marks = join(dir, 'marks.txt');
  const file = join(dir, 'tasks.test.mjs');
  writeFileSync(
    file,
    `import { test } from 'node:test';
import { appendFileSync } from 'node:fs';
import { Client, delayed } from ${JSON.stringify(GRAPH)};
export function inc(x) { return x + 1; }
for (const scheduler of ['processes', 'threads']) {
  test('sum on ' + scheduler, async () => {
    appendFileSync(${JSON.stringify(marks)}, scheduler + ' ' + process.pid + '\\n');
    const client = new Client({ scheduler, nWorkers: 2 });
    try {
      const parts = Array.from({ length: 40 }, (_, i) => delayed(inc)(i));
      const [total] = await client.compute(delayed((xs) => xs.reduce((a, b) => a + b, 0))(parts));
      if (total !== 820) throw new Error('total ' + total);
    } finally {
      await client.close();
    }
  });
}
`,
  );
  // a runner of its own: without this, the child would take itself for one of our runner's files
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], { encoding: 'utf8', timeout: 240_000, env });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /# pass 2/);
  assert.doesNotMatch(r.stdout, /test:enqueue|Unable to deserialize/);
  const lines = readFileSync(marks, 'utf8').trim().split('\n');
  assert.deepEqual(lines.map((l) => l.split(' ')[0]), ['processes', 'threads'], 'each test body ran once, in the test process');
});

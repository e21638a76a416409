import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delayed, visualize, toDot, sum } from '../../src/graph/index.js';
import { add_ } from './fixtures/lecture.js';

test("the lecture's graph as DOT and as an SVG file a user can open", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssdp-viz-'));
  const result = add_(add_(1, 2), add_(3, 4));
  const dot = toDot(result);
  assert.match(dot, /^digraph ssdp \{/);
  // three tasks: three function nodes, three results, two edges into the last function
  assert.equal((dot.match(/shape=ellipse/g) ?? []).length, 3);
  assert.equal((dot.match(/shape=box/g) ?? []).length, 3);
  assert.equal((dot.match(/->/g) ?? []).length, 5);

  const svg = await result.visualize({ filename: join(dir, 'mydask') });
  assert.ok(existsSync(join(dir, 'mydask.svg')) && existsSync(join(dir, 'mydask.dot')));
  const onDisk = readFileSync(join(dir, 'mydask.svg'), 'utf8');
  assert.equal(onDisk, svg);
  assert.match(onDisk, /<svg[^>]*width="\d+pt"/);
  assert.match(onDisk, /<\/svg>\s*$/);
  assert.equal((onDisk.match(/<g id="node\d+" class="node">/g) ?? []).length, 6);
  assert.equal((onDisk.match(/<g id="edge\d+" class="edge">/g) ?? []).length, 5);
  assert.equal((onDisk.match(/>add<\/text>/g) ?? []).length, 3);
});

test('visualize of several results draws their shared part once', async () => {
  const doubles = [0, 1, 2, 3].map((i) => add_(i, i));
  const s = delayed(sum)(doubles);
  const svg = await visualize([s.mul(s), s.add(s)]);
  assert.equal((svg.match(/>add<\/text>/g) ?? []).length, 4 + 1); // four adds + the add of s + s
  assert.equal((svg.match(/>sum<\/text>/g) ?? []).length, 1);
  assert.equal((svg.match(/>mul<\/text>/g) ?? []).length, 1);
});

test('visualize(a, b, { filename }) as dask.visualize(a, b); format and extension in any case; typos and missing folders are clear errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssdp-viz-'));
  const a = add_(1, 2);
  const b = add_(3, 4);
  const svg = await visualize(a, b, { filename: join(dir, 'two') });
  assert.equal((svg.match(/>add<\/text>/g) ?? []).length, 2);
  assert.equal(readFileSync(join(dir, 'two.svg'), 'utf8'), svg);
  const upper = await visualize(a, { format: 'SVG' as never, filename: join(dir, 'up.SVG') });
  assert.match(upper, /<svg/);
  // the file asked for, by its name (tester s22 try14w D7: up.SVG was written as up.svg)
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('up.')).sort(), ['up.SVG', 'up.dot']);
  assert.equal(readFileSync(join(dir, 'up.SVG'), 'utf8'), upper);
  // the format follows the extension when not given: Graph.DOT holds (and returns) DOT
  const dotText = await visualize(a, { filename: join(dir, 'Graph.DOT') });
  assert.match(dotText, /^digraph ssdp/);
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('Graph.')).sort(), ['Graph.DOT', 'Graph.svg']);
  assert.equal(readFileSync(join(dir, 'Graph.DOT'), 'utf8'), dotText);
  assert.match(readFileSync(join(dir, 'Graph.svg'), 'utf8'), /<svg/);
  assert.match(await a.visualize({ format: 'DOT' as never }), /^digraph ssdp/);
  await assert.rejects(a.visualize({ filenme: join(dir, 'typo') } as never), { code: 'E_VISUALIZE_OPTION', message: /unknown option 'filenme' \(did you mean 'filename'\?\)/ });
  const missing = join(dir, 'no', 'such', 'g');
  await assert.rejects(visualize(a, { filename: missing }), { code: 'E_VISUALIZE_PATH', message: /folder .*no.such does not exist/ });
  assert.ok(!existsSync(join(dir, 'typo.svg')));
  await assert.rejects(visualize(a, { format: 'png' } as never), { code: 'E_VISUALIZE_FORMAT' });
});

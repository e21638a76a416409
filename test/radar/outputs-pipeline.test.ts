/**
 * The pipeline's last step (summarize) on real day files: a run whose days straddle SMHI's
 * compositing change says so in the run's log, summary.json and the report, and its pictures and
 * GeoTIFFs carry the source and grid the run used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { writeSyntheticDay } from '../../src/radar/synthetic.js';
import { processDay, summarize, type DayOutcome } from '../../src/radar/pipeline/index.js';
import type { SummaryJson } from '../../src/radar/outputs/index.js';
import type { TaskContext } from '../../src/workflow/types.js';

test('summarize over 2023-05-02..03 warns about SMHI\'s compositing change in the log, summary.json and report', async () => {
  const root = tempDir('ssdp-summarize-');
  const warned: string[] = [];
  const ctx = (deps: Record<string, unknown[]> = {}) => ({ id: 't', root, deps, params: {}, warn: (m: string) => warned.push(m), log: () => {}, skip: () => {} }) as TaskContext;
  const days: DayOutcome[] = [];
  for (const day of ['2023-05-02', '2023-05-03']) {
    writeSyntheticDay({ dir: join(root, 'data'), date: day, seed: 3, imagesPerDay: 8 });
    days.push(await processDay({ zip: `data/${day}.zip`, partial: `out/.partials/${day}.bin`, day }, ctx()));
  }
  await summarize({ out: 'out', source: 'synthetic', start: '2023-05-02', days: '2' }, ctx({ day: days }));
  assert.equal(warned.length, 1, warned.join('\n'));
  assert.match(warned[0]!, /spans 2023-05-03, when SMHI changed how its composites are made \(from height-based to quality-based/);
  const summary = JSON.parse(await readFile(join(root, 'out', 'summary.json'), 'utf8')) as SummaryJson;
  assert.deepEqual(summary.warnings, warned);
  assert.equal(summary.period.label, '2023-05-02 \u2013 2023-05-03');
  assert.equal(summary.source.parameter, 'synthetic');
  const html = await readFile(join(root, 'out', 'report.html'), 'utf8');
  assert.match(html, /<h1>Precipitation 2023-05-02 – 2023-05-03, from synthetic radar composites/);
  assert.match(html, /class="warn"><strong>Warning:<\/strong> The period spans 2023-05-03/);
});

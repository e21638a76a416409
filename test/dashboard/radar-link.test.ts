/** The radar report links to the run's performance report, by a relative path that resolves to where ssdp run writes it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { writeSyntheticDay } from '../../src/radar/synthetic.js';
import { processDay, summarize } from '../../src/radar/pipeline/index.js';
import { performanceReportFile } from '../../src/dashboard/report-file.js';
import type { TaskContext } from '../../src/workflow/types.js';

test('report.html of the radar pipeline links to .ssdp/performance-report.html of its workflow', async () => {
  const root = tempDir('ssdp-radar-link-');
  writeSyntheticDay({ dir: join(root, 'data'), date: '2020-11-01', seed: 3, imagesPerDay: 4 });
  const ctx = (deps: Record<string, unknown[]> = {}) => ({ id: 't', root, deps, params: {}, warn: () => {}, log: () => {}, skip: () => {} }) as TaskContext;
  const day = await processDay({ zip: 'data/2020-11-01.zip', partial: 'results/deep/.partials/2020-11-01.bin', day: '2020-11-01' }, ctx());
  await summarize({ out: 'results/deep', source: 'local', start: '2020-11-01', days: '1' }, ctx({ day: [day] }));
  const html = await readFile(join(root, 'results', 'deep', 'report.html'), 'utf8');
  const href = /<a id="performance-report" href="([^"]+)"/.exec(html)?.[1];
  assert.equal(href, '../../.ssdp/performance-report.html');
  assert.equal(resolve(root, 'results', 'deep', href), performanceReportFile(root));
});

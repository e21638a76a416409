/**
 * Reading what the dashboard page shows, the way a person would see it: from the DOM. The code
 * that runs in the page is kept as text (the project compiles without the DOM's types).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export interface Shown {
  /** Tasks done, summed over the progress rows. */
  done: number;
  total: number;
  /** Bars drawn in the task stream. */
  bars: number;
  /** Of those, bars of failed tasks. */
  failedBars: number;
  /** Task kinds listed in the run's "time in tasks" table. */
  timedKinds: string[];
  failures: string[];
  status: string;
}

const DONE = `Array.from(document.querySelectorAll('#progress .counts')).reduce((a, c) => a + Number(c.getAttribute('data-done')), 0)`;

export async function shown(page: Page): Promise<Shown> {
  return (await page.evaluate(`(() => {
    let done = 0, total = 0;
    for (const c of document.querySelectorAll('#progress .counts')) {
      const n = (a) => Number(c.getAttribute(a));
      done += n('data-done');
      total += n('data-done') + n('data-running') + n('data-failed') + n('data-waiting');
    }
    return {
      done, total,
      bars: Number(document.getElementById('stream').getAttribute('data-items')),
      failedBars: Number(document.getElementById('stream').getAttribute('data-failed')),
      timedKinds: Array.from(document.querySelectorAll('#kind-times tbody tr')).map((tr) => tr.children[0].textContent),
      failures: Array.from(document.querySelectorAll('#failures .message')).map((e) => e.textContent),
      status: document.getElementById('status').textContent,
    };
  })()`)) as Shown;
}

/** Waits until the page shows more than `n` tasks done. */
export async function doneMoreThan(page: Page, n: number): Promise<void> {
  await page.waitForFunction(`${DONE} > ${n}`, undefined, { timeout: 120_000 });
}

/**
 * Two snapshots while a run goes on (screenshots live-1.png, live-2.png in `dir`): the first
 * once a task is done and before all are, the second once more are done. Both the progress
 * and the task stream must have grown.
 */
export async function growingSnapshots(page: Page, dir: string): Promise<[Shown, Shown]> {
  await doneMoreThan(page, 0);
  const first = await shown(page);
  await page.screenshot({ path: join(dir, 'live-1.png') });
  assert.ok(first.done < first.total, `the first snapshot came after the run (${first.done}/${first.total})`);
  await doneMoreThan(page, first.done);
  const second = await shown(page);
  await page.screenshot({ path: join(dir, 'live-2.png') });
  assert.ok(second.done > first.done);
  assert.ok(second.bars > first.bars, `task stream: ${first.bars} then ${second.bars} bars`);
  return [first, second];
}

/** Waits until the page has had its first state from the server. */
export async function connected(page: Page): Promise<void> {
  await page.waitForFunction(`document.getElementById('status').textContent !== 'connecting'`, undefined, { timeout: 60_000 });
}

export async function failureShown(page: Page): Promise<void> {
  await page.waitForFunction(`document.querySelectorAll('#failures .message').length > 0`, undefined, { timeout: 60_000 });
}

/** For each chart: how many items it says it drew, and whether it has anything drawn (canvas pixels, table text). */
export async function charts(page: Page): Promise<Record<string, { items: number; inked: boolean }>> {
  return (await page.evaluate(`(() => {
    const out = {};
    for (const id of ['progress', 'stream', 'moved', 'memory', 'workers']) {
      const el = document.getElementById(id);
      let inked = el.textContent.trim().length > 0;
      if (el instanceof HTMLCanvasElement) {
        const d = el.getContext('2d').getImageData(0, 0, el.width, el.height).data;
        inked = false;
        for (let i = 3; i < d.length && !inked; i += 4) if (d[i] > 0) inked = true;
      }
      out[id] = { items: Number(el.getAttribute('data-items')), inked };
    }
    return out;
  })()`)) as Record<string, { items: number; inked: boolean }>;
}

/** The rows of the workers table as text cells. */
export async function workerRows(page: Page): Promise<string[][]> {
  return (await page.evaluate(`Array.from(document.querySelectorAll('#workers tbody tr')).map((tr) => Array.from(tr.children).map((td) => td.textContent))`)) as string[][];
}

/** The run's summary as shown: each label with its text ('tasks' -> '2 done of 2; ...'). */
export async function summary(page: Page): Promise<Record<string, string>> {
  return (await page.evaluate(`(() => {
    const out = {};
    for (const dt of document.querySelectorAll('#summary dt')) out[dt.textContent] = dt.nextElementSibling.textContent;
    return out;
  })()`)) as Record<string, string>;
}

/** The "time in tasks" table: kind -> [tasks, time, mean] as shown. */
export async function kindTimes(page: Page): Promise<Record<string, string[]>> {
  return (await page.evaluate(`Object.fromEntries(Array.from(document.querySelectorAll('#kind-times tbody tr')).map((tr) => [tr.children[0].textContent, Array.from(tr.children).slice(1).map((td) => td.textContent)]))`)) as Record<string, string[]>;
}

/** Worker-thread entry for writeSyntheticDays({ concurrency > 1 }): writes the days it is sent. */
import { parentPort } from 'node:worker_threads';
import { writeSyntheticDay, type SyntheticDayOptions } from './synthetic.js';

parentPort!.on('message', (opts: SyntheticDayOptions & { dir: string }) => {
  try {
    parentPort!.postMessage({ path: writeSyntheticDay(opts) });
  } catch (e) {
    const err = e as { code?: string; message: string };
    parentPort!.postMessage({ error: { code: err.code, message: err.message } });
  }
});

/** Worker-thread entry for writeSyntheticDays({ concurrency > 1 }): writes the days it is sent. */
import { parentPort } from 'node:worker_threads';
import { writeSyntheticDay } from './synthetic.js';
parentPort.on('message', (opts) => {
    try {
        parentPort.postMessage({ path: writeSyntheticDay(opts) });
    }
    catch (e) {
        const err = e;
        parentPort.postMessage({ error: { code: err.code, message: err.message } });
    }
});
//# sourceMappingURL=synthetic-worker.js.map
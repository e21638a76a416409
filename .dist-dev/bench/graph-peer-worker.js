/** Peer for bench/graph.ts: a bare worker answering each message with one message. */
import { parentPort } from 'node:worker_threads';
parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, r: m.x + 1 }));
//# sourceMappingURL=graph-peer-worker.js.map
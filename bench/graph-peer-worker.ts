/** Peer for bench/graph.ts: a bare worker answering each message with one message. */
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', (m: { id: number; x: number }) => parentPort!.postMessage({ id: m.id, r: m.x + 1 }));

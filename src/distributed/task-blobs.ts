/**
 * The task process's side of broker data. A worker's task process reads its batch's input blobs
 * and writes its result blobs itself: the worker's main thread, which holds the job locks and the
 * heartbeat, never copies, deserializes or serializes a big value. With 100 MB arrays those copies
 * blocked it 5-13 s at a time on a loaded machine (measured at load 14), past the 4 s job lock
 * (LOCK_MS): the job was taken back as stalled, again and again, until BullMQ failed it as "job
 * stalled more than allowable limit" (try11t B1). Loaded only by a task process of `ssdp worker`.
 */
import type { Redis } from 'ioredis';
import { blobConnection, parseBroker } from './broker.js';
import { BlobStore, decodeValue, encodeValue, type Enc } from './codec.js';

/** Where a batch's blobs live: the broker (blobs are Redis hashes) and the run's shared folder, if any. */
export interface BlobPlace {
  readonly broker: string;
  readonly run: string;
  readonly shared?: string;
}

/** One blob connection per broker for the life of the task process. */
const connections = new Map<string, Promise<Redis>>();

export async function taskStore(place: BlobPlace): Promise<BlobStore> {
  let c = connections.get(place.broker);
  if (!c) {
    c = blobConnection(parseBroker(place.broker), 'ssdp-task');
    connections.set(place.broker, c);
  }
  return new BlobStore(await c, place.run, place.shared);
}

export { decodeValue, encodeValue, type Enc };

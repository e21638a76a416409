/**
 * How values travel through the broker. Small plain data goes inline, as JSON inside the job;
 * anything else (typed arrays, NaN, undefined, Maps, big values) is serialized with v8's
 * structured-clone format — typed arrays as their raw bytes, never JSON or base64 — into a blob:
 * a file under the shared folder when there is one, else a binary Redis hash of parts with a TTL.
 * The submitter deletes each blob after its last consumer, as local intermediates are released,
 * and every blob of the run when the run ends (sweepRun).
 */
import { serialize, deserialize } from 'node:v8';
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { SsdpError } from '../util/errors.js';

/** A value as it travels: inline JSON (`j`) or a blob id (`b`) and its size. */
export type Enc = { readonly $e: 'j'; readonly v: unknown } | { readonly $e: 'b'; readonly b: string; readonly n: number };

const INLINE_MAX = 16 * 1024;
/** Blobs outlive a crashed submitter by at most this long. */
const BLOB_TTL_S = 24 * 3600;

export function isEnc(v: unknown): v is Enc {
  return typeof v === 'object' && v !== null && ((v as Enc).$e === 'j' || (v as Enc).$e === 'b');
}

/**
 * Blobs in Redis are stored as hashes of parts this big at most (field "0", "1", ...), written and
 * read one part per command on a connection of their own (blobConnection). One 100 MB SET blocked
 * the process's event loop for seconds while ioredis copied it and waited past the 5 s stall
 * deadline (STALL_MS) for its reply, so the connection was cut and the SET sent again, over and
 * over; a worker's heartbeat queued behind it and its job locks expired (try11t B1: "job stalled
 * more than allowable limit", a GB of blobs left). A part is copied and answered in well under
 * a second; between parts the event loop runs. It also keeps every command under Redis's
 * proto-max-bulk-len (512 MB by default, 1 MB at the least), so arrays bigger than that travel.
 */
const PART_BYTES = 4 * 1024 * 1024;

/** The Redis key pattern of every blob of a run (swept when the run ends: sweepRun). */
const blobKey = (run: string, name: string): string => `ssdp:blob:${run}:${name}`;

/**
 * Where blobs live: a shared folder (`f:` ids) or hashes of binary parts in Redis (`h:PARTS:KEY`
 * ids). `redis` carries only blob traffic (blobConnection), so moving 100 MB never delays a
 * heartbeat or a lock renewal queued on another connection.
 */
export class BlobStore {
  constructor(
    private readonly redis: Redis,
    private readonly run: string,
    /** A folder every worker and the submitter see at the same path. */
    readonly sharedDir?: string,
  ) {}

  private get runFolder(): string {
    return join(this.sharedDir!, 'ssdp-blobs', this.run);
  }

  /** Blob writes under way: the run's sweep waits for them (each stops at its next part once swept). */
  private readonly writing = new Set<Promise<unknown>>();
  private swept = false;

  async put(buf: Buffer): Promise<string> {
    const w = this.write(buf);
    this.writing.add(w);
    try {
      return await w;
    } finally {
      this.writing.delete(w);
    }
  }

  private async write(buf: Buffer): Promise<string> {
    const name = randomBytes(9).toString('base64url');
    if (this.sharedDir) {
      mkdirSync(this.runFolder, { recursive: true });
      const file = join(this.runFolder, `${name}.bin`);
      // written aside then renamed: a reader never sees half a blob
      try {
        await writeFile(`${file}.tmp`, buf);
        renameSync(`${file}.tmp`, file);
      } catch (e) {
        rmSync(`${file}.tmp`, { force: true });
        throw e;
      }
      return `f:${file}`;
    }
    const key = blobKey(this.run, name);
    const size = PART_BYTES;
    const parts = Math.max(1, Math.ceil(buf.length / size));
    // The TTL goes with every part: a writer killed half-way leaves nothing for ever, and a part
    // landing after the run's sweep deleted the key (Ctrl-C mid-upload) makes a key that expires
    // too (tester try11v D3: such keys had no TTL and stayed for good).
    for (let i = 0; i < parts; i++) {
      if (this.swept) {
        // the run ended meanwhile (a Ctrl-C): nobody will read this blob
        await this.redis.unlink(key);
        throw new SsdpError('E_RUN_ENDED', `run ${this.run} ended while one of its values was being sent to the broker; the part sent was deleted.`, { hint: 'Nothing to do: the run was stopped.' });
      }
      const part = buf.subarray(i * size, Math.min(buf.length, (i + 1) * size));
      await this.redis.multi().hset(key, String(i), part).expire(key, BLOB_TTL_S).exec().then(execFailed, refusedCommand);
    }
    return `h:${parts}:${key}`;
  }

  async get(id: string): Promise<Buffer> {
    if (id.startsWith('f:')) {
      try {
        return await readFile(id.slice(2));
      } catch (e) {
        throw new SsdpError('E_BROKER_DATA', `an intermediate result file is missing (${id.slice(2)}): the shared folder is not the same on every machine, or it was cleaned during the run.`, {
          hint: 'Give a shared folder (SSDP_SHARED_DIR) that every worker and the submitter see at the same path, or none (data then travels through Redis).',
          cause: e,
        });
      }
    }
    const { parts, key } = redisBlob(id);
    const bufs: Buffer[] = [];
    for (let i = 0; i < parts; i++) {
      const part = await this.redis.hgetBuffer(key, String(i));
      if (!part) {
        throw new SsdpError('E_BROKER_DATA', `an intermediate result is missing from the broker (${key}, part ${i + 1} of ${parts}): it expired or Redis evicted it.`, {
          hint: "Run Redis with maxmemory-policy noeviction and enough memory (redis-cli CONFIG SET maxmemory-policy noeviction).",
        });
      }
      bufs.push(part);
    }
    return bufs.length === 1 ? bufs[0]! : Buffer.concat(bufs);
  }

  async delete(ids: readonly string[]): Promise<void> {
    const keys: string[] = [];
    for (const id of ids) {
      if (id.startsWith('f:')) rmSync(id.slice(2), { force: true });
      else keys.push(redisBlob(id).key);
    }
    if (keys.length) await this.redis.unlink(...keys);
  }

  /**
   * Deletes every blob of the run, whoever wrote it: those of attempts whose result never reached
   * the submitter (a lock lost, a task process killed, a run failed or stopped) are known to
   * nobody else. Run at the end of every run, after the run's key is gone (see serve.ts: a worker
   * that writes a blob later finds the run gone and deletes it itself).
   */
  async sweepRun(): Promise<void> {
    // writes under way stop at their next part; a part they send after the sweep would make the key again
    this.swept = true;
    await Promise.allSettled([...this.writing]);
    if (this.sharedDir) {
      rmSync(this.runFolder, { recursive: true, force: true });
      return;
    }
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', blobKey(this.run, '*'), 'COUNT', 1000);
      cursor = next;
      if (keys.length) await this.redis.unlink(...keys);
    } while (cursor !== '0');
  }

  /** After a late write was deleted: the run's folder goes too once nothing else is in it. */
  removeEmptyRunFolder(): void {
    if (!this.sharedDir) return;
    try {
      rmdirSync(this.runFolder);
    } catch {
      // not empty (another late write) or gone: either is fine
    }
  }
}

function redisBlob(id: string): { parts: number; key: string } {
  const m = /^h:(\d+):(.+)$/.exec(id);
  if (!m) throw new SsdpError('E_BROKER_DATA', `an intermediate result has an id this ssdp does not read (${id.slice(0, 80)}): the worker and the submitter run different ssdp versions.`, { hint: 'Give every worker the same ssdp as the submitter.' });
  return { parts: Number(m[1]), key: m[2]! };
}

/** A MULTI's reply carries each command's error instead of rejecting. */
/**
 * A MULTI whose command Redis refused as it was queued fails as a bare 'EXECABORT Transaction
 * discarded because of previous errors'; the refusal itself (OOM at maxmemory, NOPERM) is in
 * previousErrors. Thrown as that, so a worker's result write at maxmemory reaches the submitter
 * as E_BROKER_FULL, not as a dead worker with an EXECABORT stack (tester s16 try11w W3).
 */
function refusedCommand(e: unknown): never {
  const first = (e as { previousErrors?: unknown[] } | undefined)?.previousErrors?.[0];
  throw first instanceof Error ? first : e;
}

function execFailed(r: [Error | null, unknown][] | null): void {
  const e = r?.find(([err]) => err)?.[0];
  if (e) throw e;
  if (!r) throw new Error('the broker aborted the transaction');
}

/** True when JSON carries `v` exactly (plain objects and arrays of strings, finite numbers, booleans, null). */
function jsonExact(v: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== 'object') return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v) || !jsonExact(v[i], depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k in v) if (!jsonExact((v as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}

export async function encodeValue(v: unknown, store: BlobStore): Promise<Enc> {
  if (jsonExact(v)) {
    const text = JSON.stringify(v);
    if (text.length <= INLINE_MAX) return { $e: 'j', v };
  }
  return encodeSerialized(serialize(v), store);
}

/** A value already serialized (v8 format) as a blob. */
export async function encodeSerialized(buf: Buffer, store: BlobStore): Promise<Enc> {
  return { $e: 'b', b: await store.put(buf), n: buf.length };
}

export async function decodeValue(e: Enc, store: BlobStore): Promise<unknown> {
  if (e.$e === 'j') return e.v;
  return deserialize(await store.get(e.b));
}

/**
 * How values travel through the broker. Small plain data goes inline, as JSON inside the job;
 * anything else (typed arrays, NaN, undefined, Maps, big values) is serialized with v8's
 * structured-clone format — typed arrays as their raw bytes, never JSON or base64 — into a blob:
 * a file under the shared folder when there is one, else a binary Redis key with a TTL. The
 * submitter deletes each blob after its last consumer, as local intermediates are released.
 */
import { serialize, deserialize } from 'node:v8';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SsdpError } from '../util/errors.js';
const INLINE_MAX = 16 * 1024;
/** Blobs outlive a crashed submitter by at most this long. */
const BLOB_TTL_S = 24 * 3600;
export function isEnc(v) {
    return typeof v === 'object' && v !== null && (v.$e === 'j' || v.$e === 'b');
}
/** Where blobs live: a shared folder (`f:` ids) or binary Redis keys (`r:` ids). */
export class BlobStore {
    redis;
    run;
    sharedDir;
    constructor(redis, run, 
    /** A folder every worker and the submitter see at the same path. */
    sharedDir) {
        this.redis = redis;
        this.run = run;
        this.sharedDir = sharedDir;
    }
    async put(buf) {
        const name = randomBytes(9).toString('base64url');
        if (this.sharedDir) {
            const dir = join(this.sharedDir, 'ssdp-blobs', this.run);
            mkdirSync(dir, { recursive: true });
            const file = join(dir, `${name}.bin`);
            // written aside then renamed: a reader never sees half a blob
            writeFileSync(`${file}.tmp`, buf);
            renameSync(`${file}.tmp`, file);
            return `f:${file}`;
        }
        const key = `ssdp:blob:${this.run}:${name}`;
        await this.redis.set(key, buf, 'EX', BLOB_TTL_S);
        return `r:${key}`;
    }
    async get(id) {
        if (id.startsWith('f:')) {
            try {
                return readFileSync(id.slice(2));
            }
            catch (e) {
                throw new SsdpError('E_BROKER_DATA', `an intermediate result file is missing (${id.slice(2)}): the shared folder is not the same on every machine, or it was cleaned during the run.`, {
                    hint: 'Give a shared folder (SSDP_SHARED_DIR) that every worker and the submitter see at the same path, or none (data then travels through Redis).',
                    cause: e,
                });
            }
        }
        const buf = await this.redis.getBuffer(id.slice(2));
        if (!buf) {
            throw new SsdpError('E_BROKER_DATA', `an intermediate result is missing from the broker (${id.slice(2)}): it expired or Redis evicted it.`, {
                hint: "Run Redis with maxmemory-policy noeviction and enough memory (redis-cli CONFIG SET maxmemory-policy noeviction).",
            });
        }
        return buf;
    }
    async delete(ids) {
        const keys = [];
        for (const id of ids) {
            if (id.startsWith('f:'))
                rmSync(id.slice(2), { force: true });
            else
                keys.push(id.slice(2));
        }
        if (keys.length)
            await this.redis.unlink(...keys);
    }
    /** Removes the run's folder of blob files (after the run, whatever is left). */
    removeRunFolder() {
        if (this.sharedDir)
            rmSync(join(this.sharedDir, 'ssdp-blobs', this.run), { recursive: true, force: true });
    }
}
/** True when JSON carries `v` exactly (plain objects and arrays of strings, finite numbers, booleans, null). */
function jsonExact(v, depth = 0) {
    if (depth > 64)
        return false;
    if (v === null || typeof v === 'string' || typeof v === 'boolean')
        return true;
    if (typeof v === 'number')
        return Number.isFinite(v) && !Object.is(v, -0);
    if (typeof v !== 'object')
        return false;
    if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++)
            if (!(i in v) || !jsonExact(v[i], depth + 1))
                return false;
        return true;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype)
        return false;
    for (const k in v)
        if (!jsonExact(v[k], depth + 1))
            return false;
    return true;
}
export async function encodeValue(v, store) {
    if (jsonExact(v)) {
        const text = JSON.stringify(v);
        if (text.length <= INLINE_MAX)
            return { $e: 'j', v };
    }
    const buf = serialize(v);
    return { $e: 'b', b: await store.put(buf), n: buf.length };
}
export async function decodeValue(e, store) {
    if (e.$e === 'j')
        return e.v;
    return deserialize(await store.get(e.b));
}
//# sourceMappingURL=codec.js.map
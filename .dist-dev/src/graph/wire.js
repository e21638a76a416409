import { classRefOf, loadClass } from './functions.js';
/**
 * ArrayBuffers inside a value that can be transferred rather than copied: whole, non-shared
 * buffers of typed arrays found at most a few levels deep in arrays and plain objects.
 */
export function transferables(value, out = [], depth = 0) {
    if (value === null || typeof value !== 'object' || depth > 3)
        return out;
    if (ArrayBuffer.isView(value)) {
        const b = value.buffer;
        if (b instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === b.byteLength && b.byteLength > 0 && !out.includes(b))
            out.push(b);
        return out;
    }
    if (Array.isArray(value)) {
        if (value.length > 64)
            return out;
        for (const v of value)
            transferables(v, out, depth + 1);
        return out;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
        for (const k in value)
            transferables(value[k], out, depth + 1);
    }
    return out;
}
const PLAIN_PROTOS = new Set([Object.prototype, null, Array.prototype, Map.prototype, Set.prototype, Date.prototype, RegExp.prototype, Error.prototype]);
export function encodeInstance(v) {
    // A Buffer is cloned by worker threads as a plain Uint8Array: mark it to be rebuilt.
    if (Buffer.isBuffer(v))
        return { $instance: BUFFER_REF, props: { bytes: v.byteLength === v.buffer.byteLength ? new Uint8Array(v.buffer) : Uint8Array.prototype.slice.call(v) } };
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || v instanceof ArrayBuffer)
        return v;
    const proto = Object.getPrototypeOf(v);
    if (PLAIN_PROTOS.has(proto) || !proto || typeof proto.constructor !== 'function')
        return v;
    const r = classRefOf(proto.constructor);
    if (!r)
        return v;
    return { $instance: r, props: { ...v } };
}
export function isEncodedInstance(v) {
    return typeof v === 'object' && v !== null && typeof v.$instance === 'object' && typeof v.props === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}
const BUFFER_REF = { module: 'node:buffer', name: 'Buffer' };
export async function decodeInstance(v) {
    if (!isEncodedInstance(v))
        return v;
    if (v.$instance.module === BUFFER_REF.module && v.$instance.name === BUFFER_REF.name) {
        const b = v.props.bytes;
        return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    }
    const cls = await loadClass(v.$instance);
    if (!cls)
        return v.props;
    return Object.assign(Object.create(cls.prototype), v.props);
}
/**
 * A typed array or DataView that arrived as a view into a larger buffer (the IPC message's, or
 * the sender's whole buffer) is replaced by a copy owning exactly its bytes, so a task reading
 * `arg.buffer` sees only its own data. Arrays and plain objects (fresh copies here) are fixed in
 * place, a few levels deep.
 */
export function ownBuffers(value, depth = 0) {
    if (value === null || typeof value !== 'object' || depth > 3)
        return value;
    if (ArrayBuffer.isView(value)) {
        if (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength)
            return value;
        if (value instanceof DataView)
            return new DataView(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
        return value.slice();
    }
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++)
            value[i] = ownBuffers(value[i], depth + 1);
        return value;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
        const o = value;
        for (const k in o)
            o[k] = ownBuffers(o[k], depth + 1);
    }
    return value;
}
//# sourceMappingURL=wire.js.map
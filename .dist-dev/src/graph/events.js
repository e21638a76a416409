/** Rough size of a value in bytes (typed arrays exactly; other values approximately), for "data moved". */
export function sizeOf(v, depth = 0) {
    if (v === null || v === undefined)
        return 0;
    switch (typeof v) {
        case 'number':
        case 'bigint':
            return 8;
        case 'boolean':
            return 4;
        case 'string':
            return v.length;
        case 'object':
            break;
        default:
            return 0;
    }
    if (ArrayBuffer.isView(v))
        return v.byteLength;
    if (v instanceof ArrayBuffer)
        return v.byteLength;
    if (depth > 4)
        return 0;
    let n = 0;
    if (Array.isArray(v)) {
        const len = Math.min(v.length, 1000);
        for (let i = 0; i < len; i++)
            n += sizeOf(v[i], depth + 1);
        return v.length > len ? Math.round((n * v.length) / len) : n;
    }
    for (const k in v)
        n += k.length + sizeOf(v[k], depth + 1);
    return n;
}
//# sourceMappingURL=events.js.map
/**
 * The machine packages are resolved for: os/cpu/libc, matched against package `os`, `cpu` and
 * `libc` fields the way npm does (`!name` excludes), so optional native builds (esbuild, swc)
 * only come in for the platform that can run them.
 */
import { readdirSync } from 'node:fs';
let detectedLibc = null;
/** glibc vs musl on Linux without loading process.report: musl ships /lib/ld-musl-*. */
export function detectLibc() {
    if (detectedLibc !== null)
        return detectedLibc;
    detectedLibc = undefined;
    if (process.platform === 'linux') {
        try {
            detectedLibc = readdirSync('/lib').some((f) => f.startsWith('ld-musl-')) ? 'musl' : 'glibc';
        }
        catch {
            detectedLibc = 'glibc';
        }
    }
    return detectedLibc;
}
export function currentPlatform() {
    const libc = detectLibc();
    return { os: process.platform, cpu: process.arch, ...(libc ? { libc } : {}) };
}
export function asList(v) {
    if (v === undefined)
        return undefined;
    const list = Array.isArray(v) ? v : [v];
    return list.filter((s) => typeof s === 'string');
}
/** npm's rule: a listed value matches; `!value` excludes; a list of only exclusions allows the rest. */
function allowed(list, value) {
    if (!list || list.length === 0 || value === undefined)
        return true;
    if (list.includes(value))
        return true;
    if (list.includes('!' + value))
        return false;
    return list.every((e) => e.startsWith('!')) || list.includes('any');
}
export function platformMismatch(m, p) {
    if (!allowed(asList(m.os), p.os))
        return `os ${JSON.stringify(asList(m.os))} (this is ${p.os})`;
    if (!allowed(asList(m.cpu), p.cpu))
        return `cpu ${JSON.stringify(asList(m.cpu))} (this is ${p.cpu})`;
    if (p.os === 'linux' && !allowed(asList(m.libc), p.libc))
        return `libc ${JSON.stringify(asList(m.libc))} (this is ${p.libc})`;
    return undefined;
}
//# sourceMappingURL=platform.js.map
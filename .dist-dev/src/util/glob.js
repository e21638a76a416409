/**
 * File globs for reading many files (`bag.readText('logs/*.json.gz')`): `*`, `?`, `[abc]`, and
 * `**` for any depth of folders, as Python's glob with recursive=True. Node 20 has no fs.glob.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
export function hasMagic(p) {
    return /[*?[]/.test(p);
}
function segmentRegex(seg) {
    let re = '';
    for (let i = 0; i < seg.length; i++) {
        const c = seg[i];
        if (c === '*')
            re += '[^/]*';
        else if (c === '?')
            re += '[^/]';
        else if (c === '[') {
            const end = seg.indexOf(']', i + 2);
            if (end < 0)
                re += '\\[';
            else {
                const body = seg.slice(i + 1, end);
                re += `[${body.startsWith('!') ? '^' + body.slice(1) : body}]`;
                i = end;
            }
        }
        else
            re += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
    // as Python's glob: a wildcard does not match a leading dot
    return new RegExp(`^${seg.startsWith('.') ? '' : '(?!\\.)'}${re}$`);
}
/** The files matching `pattern` (relative to `cwd`), sorted; a pattern without wildcards is itself when it is a file. */
export function globFiles(pattern, cwd = process.cwd()) {
    const abs = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
    const parts = abs.split(sep);
    const fixed = [];
    while (parts.length > 0 && !hasMagic(parts[0]))
        fixed.push(parts.shift());
    const base = fixed.join(sep) || sep;
    if (parts.length === 0)
        return isFile(base) ? [base] : [];
    const out = new Set();
    const walk = (dir, rest) => {
        if (rest.length === 0) {
            if (isFile(dir))
                out.add(dir);
            return;
        }
        const [seg, ...tail] = rest;
        if (seg === '**') {
            walk(dir, tail);
            for (const d of list(dir))
                if (d.isDirectory() && !d.name.startsWith('.'))
                    walk(join(dir, d.name), rest);
            return;
        }
        if (!hasMagic(seg))
            return walk(join(dir, seg), tail);
        const re = segmentRegex(seg);
        for (const d of list(dir))
            if (re.test(d.name))
                walk(join(dir, d.name), tail);
    };
    walk(base, parts);
    return [...out].sort();
}
function list(dir) {
    try {
        return readdirSync(dir, { withFileTypes: true });
    }
    catch {
        return [];
    }
}
function isFile(p) {
    try {
        return statSync(p).isFile();
    }
    catch {
        return false;
    }
}
//# sourceMappingURL=glob.js.map
/**
 * The error-code table is the one list of codes: every code the sources use is in it, with a
 * meaning, and it lists nothing the sources no longer use. Greps the TypeScript sources.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { ERROR_CODES } from '../../src/util/error-codes.js';
// Compiled to dist/test/util: the sources are three folders up.
const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));
const TABLE = join(SRC, 'util/error-codes.ts');
function sourceFiles(dir) {
    return readdirSync(dir, { withFileTypes: true }).flatMap((d) => d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []);
}
/** Every quoted 'E_...' literal in src/ (outside the table), with the files that use it. */
function codesInSources() {
    const used = new Map();
    for (const f of sourceFiles(SRC)) {
        if (f === TABLE)
            continue;
        for (const m of readFileSync(f, 'utf8').matchAll(/['"`](E_[A-Z0-9_]+)['"`]/g)) {
            used.set(m[1], [...(used.get(m[1]) ?? []), relative(SRC, f)]);
        }
    }
    return used;
}
test('every error code used in src/ is in src/util/error-codes.ts, and the table has no unused entries', () => {
    const used = codesInSources();
    assert.ok(used.size > 50, `found only ${used.size} codes: is ${SRC} the source folder?`);
    const missing = [...used].filter(([c]) => !Object.hasOwn(ERROR_CODES, c)).map(([c, files]) => `${c} (${[...new Set(files)].join(', ')})`);
    assert.deepEqual(missing, [], 'codes thrown in src/ but missing from the table');
    const unused = Object.keys(ERROR_CODES).filter((c) => !used.has(c));
    assert.deepEqual(unused, [], 'codes in the table that no source uses');
});
test('each code has a one-line meaning', () => {
    for (const [code, meaning] of Object.entries(ERROR_CODES)) {
        assert.match(code, /^E_[A-Z0-9_]+$/);
        assert.ok(meaning.length >= 10 && !meaning.includes('\n'), `${code}: '${meaning}'`);
    }
});
//# sourceMappingURL=error-codes.test.js.map
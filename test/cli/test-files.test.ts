/**
 * scripts/test-files.mjs, the list of test files `npm test` runs (slowest first): every compiled
 * test file is on it exactly once, so ordering the suite never drops a file from it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/cli.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = join(REPO, 'scripts', 'test-files.mjs');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.test.js') ? [join(dir, e.name)] : []));
}

function list(root: string): { status: number | null; files: string[]; stderr: string } {
  const r = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
  return { status: r.status, files: r.stdout.split('\n').filter(Boolean), stderr: r.stderr };
}

test("npm test's file list holds every compiled test file once, the slowest first", () => {
  const root = join(REPO, 'dist', 'test');
  const { status, files, stderr } = list(root);
  assert.equal(status, 0, stderr);
  assert.deepEqual([...files].sort(), walk(root).sort());
  assert.equal(new Set(files).size, files.length, 'no file twice');
  // a long file (a real Slurm, a minute of waiting) starts before the first one in alphabetical order
  const first = walk(root).sort()[0]!;
  assert.ok(files.indexOf(join(root, 'cluster', 'slurm-drain.test.js')) < files.indexOf(first), files.slice(0, 5).join(' '));
});

test('a test file the list has no figure for is still run, in alphabetical place after the slow ones; no file at all is an error', () => {
  const root = join(tempDir('ssdp-test-files-'), 'test');
  for (const f of ['cluster/slurm-run', 'a/new', 'a/b', 'z/last']) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, `${f}.test.js`), '');
  }
  writeFileSync(join(root, 'a', 'helper.js'), '');
  const { status, files, stderr } = list(root);
  assert.equal(status, 0, stderr);
  assert.deepEqual(
    files.map((f) => relative(root, f)),
    ['cluster/slurm-run.test.js', 'a/b.test.js', 'a/new.test.js', 'z/last.test.js'],
  );
  const empty = list(join(root, 'a', 'b.test.js-none'));
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /no \*\.test\.js under/);
});

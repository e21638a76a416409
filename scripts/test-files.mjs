#!/usr/bin/env node
/**
 * Lists the compiled test files for `npm test`, the slowest first, one a line.
 *
 * node --test starts files in the order given, --test-concurrency at a time; with the files in
 * alphabetical order a long file that starts late runs on alone while the other core waits for it.
 * Started first, the long files overlap the many short ones instead. SECONDS is each file's
 * summed test time in a CI run (2 cores, --test-concurrency=2); a file not named counts as short
 * and keeps its alphabetical place among the rest, so a new or renamed file is still run, only
 * not early. Refresh the figures when a file becomes long: the `duration_ms` lines of its tests
 * in `npm test`'s output, added up.
 *
 *   node scripts/test-files.mjs [DIR]   DIR defaults to dist/test
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

// prettier-ignore
const SECONDS = {
  'cluster/slurm-run': 61, 'distributed/redis-outage': 59, 'env/live-esm': 54, 'distributed/try11v-breaks': 50,
  'cluster/slurm-stop': 49, 'cluster/slurm-drain': 47, 'distributed/redis': 42, 'env/git-refs': 41,
  'cluster/client-lifetime': 36, 'cli/bundle': 34, 'distributed/try11u-breaks': 34, 'cli/usage-breaks': 33,
  'dashboard/workflow': 32, 'distributed/redis-run': 32, 'distributed/run-stop': 28, 'env/source-breaks-s11': 28,
  'env/source-deps': 28, 'env/lifecycle': 27, 'shell/activate-posix': 27, 'distributed/worker-kill': 26,
  'env/node-shim': 26, 'env/source-breaks-s13': 26, 'cli/options': 24, 'cluster/slurm': 24,
  'env/source-breaks-s12': 23, 'env/tester-breaks-s14c': 23, 'env/lock-relative': 22, 'env/try8g-breaks': 21,
  'distributed/redis-env': 20, 'dashboard/counts': 19, 'env/tester-breaks-s14': 19, 'dashboard/interrupted': 18,
  'dashboard/slurm-workers': 18, 'distributed/redis-notices': 17, 'distributed/worker-code': 17,
  'graph/correctness': 17, 'dashboard/client': 16, 'distributed/option-breaks': 16, 'graph/breaks10': 16,
  'workflow/run': 16, 'workflow/tester-breaks': 16, 'env/tester-breaks-s8': 15, 'env/smaller': 14,
  'graph/futures': 14, 'store/faults': 14, 'distributed/blobs': 13, 'env/spec-prefix': 13,
  'workflow/state-breaks': 13, 'workflow/try8d-breaks': 13, 'env/root-parts': 12, 'env/source-errors': 12,
  'env/tester-breaks-s14b': 12, 'env/try8h-breaks': 12, 'resolve/metadata-cache': 12, 'workflow/failed-steps': 12,
  'env/places': 11, 'env/store-repair-journal': 11, 'env/try13c-breaks': 11, 'cli/deleted-cwd': 10, 'env/faults': 10,
  'env/remove-link': 10, 'env/sources': 10, 'env/tester-breaks-s10': 10, 'env/tester-breaks-s13': 10,
  'cli/env-commands': 9, 'distributed/broker-check': 9, 'env/esm-imports': 9, 'env/folder-siblings': 9,
  'env/git-archive-down': 9, 'env/read-only': 9, 'env/run': 9, 'radar/crosscheck': 9, 'env/damage': 8,
  'env/force': 8, 'env/npx': 8, 'graph/futures-breaks14': 8, 'distributed/meeting': 7, 'env/atomic': 7,
  'env/managed-variables': 7, 'radar/gis-layouts': 7, 'shell/stacked-old-node': 7, 'store/broken-gzip': 7,
  'cluster/redis-server': 6, 'cluster/worker-broker-gone': 6, 'collections/zarr-breaks': 6,
  'dashboard/remote-workers': 6, 'dashboard/server': 6, 'env/keep-user-files': 6, 'env/live': 6,
  'env/undeletable': 6, 'env/user-data': 6, 'env/user-data-scale': 6, 'graph/delayed': 6, 'graph/schedulers': 6,
  'graph/worker-buffers': 6, 'radar/outputs-maps': 6, 'radar/outputs-write': 6, 'shell/init': 6,
  'shell/interrupted-swap': 6, 'store/ensure': 6, 'workflow/output-place': 6,
};

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return testFiles(p);
    return e.isFile() && e.name.endsWith('.test.js') ? [p] : [];
  });
}

const root = process.argv[2] ?? 'dist/test';
const weight = (file) => SECONDS[relative(root, file).replace(/\.test\.js$/, '')] ?? 0;
const files = (existsSync(root) ? testFiles(root) : []).sort((a, b) => weight(b) - weight(a) || (a < b ? -1 : a > b ? 1 : 0));
if (files.length === 0) {
  console.error(`test-files: no *.test.js under ${root} (build first: tsc -p .)`);
  process.exit(1);
}
console.log(files.join('\n'));

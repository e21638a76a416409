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
  'distributed/redis-outage': 90, 'cluster/slurm-stop': 87, 'cluster/slurm-run': 74, 'cluster/slurm-drain': 62,
  'env/live-esm': 44, 'env/git-refs': 41, 'dashboard/interrupted': 39, 'dashboard/workflow': 37,
  'distributed/redis': 37, 'distributed/try11u-breaks': 33, 'distributed/worker-kill': 33,
  'workflow/tester-breaks': 32, 'env/lifecycle': 31, 'distributed/redis-notices': 30,
  'workflow/state-breaks': 30, 'distributed/run-stop': 28, 'cli/usage-breaks': 27, 'dashboard/counts': 27,
  'shell/activate-posix': 25, 'env/source-breaks-s11': 24, 'cli/options': 23, 'distributed/redis-run': 23,
  'env/source-deps': 22, 'env/source-breaks-s12': 21, 'env/source-breaks-s13': 21, 'workflow/try8d-breaks': 20,
  'workflow/failed-steps': 19, 'env/tester-breaks-s14': 18, 'distributed/worker-code': 17,
  'graph/correctness': 17, 'distributed/option-breaks': 16, 'workflow/run': 16, 'cluster/slurm': 15,
  'distributed/redis-env': 15, 'graph/breaks10': 15, 'graph/futures': 15, 'graph/delayed': 14,
  'dashboard/client': 13, 'env/source-errors': 13, 'store/faults': 13, 'resolve/metadata-cache': 12,
  'env/root-parts': 11, 'env/smaller': 11, 'env/tester-breaks-s14b': 11, 'env/tester-breaks-s8': 11,
  'workflow/found-data': 11, 'env/faults': 10, 'env/git-archive-down': 10, 'env/places': 10,
  'env/spec-prefix': 10, 'env/tester-breaks-s13': 10, 'graph/futures-breaks14': 10, 'radar/crosscheck': 10,
  'workflow/outside-outputs': 10, 'dashboard/slurm-workers': 9, 'distributed/blobs': 9,
  'distributed/broker-check': 9, 'env/esm-imports': 9, 'env/folder-siblings': 9, 'env/force': 9,
  'env/store-repair-journal': 9, 'env/tester-breaks-s10': 9, 'workflow/workflow-env-project': 9,
  'cli/bundle': 8, 'cli/env-commands': 8, 'collections/zarr-breaks': 8, 'env/damage': 8, 'env/sources': 8,
  'radar/gis-layouts': 8, 'workflow/output-place': 8, 'workflow/params-env': 8, 'env/atomic': 7,
  'env/keep-user-files': 7, 'env/run': 7, 'env/user-data': 7, 'env/user-data-scale': 7,
  'workflow/try8e-breaks': 7, 'distributed/meeting': 6, 'env/remove-link': 6, 'graph/schedulers': 6,
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

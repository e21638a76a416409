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
  'distributed/redis-outage': 83, 'cluster/slurm-stop': 77, 'cluster/slurm-run': 64, 'cluster/slurm-drain': 63,
  'dashboard/interrupted': 51, 'env/live-esm': 44, 'dashboard/workflow': 43, 'distributed/try11u-breaks': 41,
  'env/git-refs': 39, 'distributed/redis': 38, 'cli/usage-breaks': 31, 'dashboard/counts': 30, 'env/lifecycle': 29,
  'distributed/redis-run': 29, 'workflow/tester-breaks': 29, 'workflow/state-breaks': 28,
  'distributed/worker-kill': 27, 'cli/options': 26, 'distributed/run-stop': 26, 'shell/activate-posix': 24,
  'env/source-deps': 23, 'cluster/client-lifetime': 23, 'env/source-breaks-s11': 23, 'env/source-breaks-s13': 21,
  'env/source-breaks-s12': 21, 'workflow/try8d-breaks': 19, 'env/tester-breaks-s14c': 19, 'env/try8g-breaks': 18,
  'env/tester-breaks-s14': 17, 'distributed/worker-code': 17, 'cli/bundle': 17, 'distributed/try11v-breaks': 17,
  'collections/zarr-breaks': 12, 'distributed/redis-env': 16, 'dashboard/client': 16, 'workflow/run': 16,
  'distributed/option-breaks': 16, 'cluster/slurm': 15, 'dashboard/slurm-workers': 15,
  'distributed/redis-notices': 14, 'graph/correctness': 14, 'workflow/failed-steps': 14, 'graph/breaks10': 14,
  'store/faults': 14, 'env/source-errors': 13, 'resolve/metadata-cache': 13, 'graph/delayed': 13,
  'distributed/blobs': 12, 'workflow/found-data': 11, 'env/root-parts': 11, 'env/smaller': 11,
  'env/tester-breaks-s14b': 11, 'env/spec-prefix': 11, 'env/faults': 11, 'cli/env-commands': 10,
  'env/git-archive-down': 10, 'env/tester-breaks-s8': 10, 'graph/futures': 10, 'workflow/workflow-env-project': 10,
  'env/store-repair-journal': 10, 'env/folder-siblings': 9, 'env/esm-imports': 9,
  'workflow/outside-outputs': 9, 'env/node-shim': 9, 'env/places': 9, 'env/damage': 9, 'env/sources': 9,
  'distributed/broker-check': 9, 'env/tester-breaks-s10': 9, 'env/tester-breaks-s13': 9, 'radar/crosscheck': 9,
  'env/force': 8, 'workflow/try8e-breaks': 8, 'workflow/params-env': 8, 'env/run': 7, 'dashboard/report-file': 7,
  'env/clean-damaged': 7, 'env/remove-link': 7, 'shell/interrupted-swap': 7, 'dashboard/server': 7,
  'env/user-data': 7, 'env/undeletable': 6, 'env/dry-run': 6, 'env/keep-user-files': 6, 'shell/stacked-old-node': 6,
  'env/user-data-scale': 6, 'env/history-not-folder': 6, 'dashboard/remote-workers': 6, 'distributed/meeting': 6,
  'env/atomic': 6, 'graph/futures-breaks14': 6, 'collections/bag-api': 6, 'workflow/output-place': 6,
  'radar/outputs-write': 6, 'store/ensure': 6, 'collections/array-blockwise': 6,
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

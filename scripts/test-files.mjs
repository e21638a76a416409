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
  'distributed/redis-outage': 68, 'cluster/slurm-drain': 52, 'cluster/slurm-run': 51,
  'distributed/try11v-breaks': 49, 'cluster/slurm-stop': 46, 'distributed/try11u-breaks': 43, 'env/live-esm': 43,
  'distributed/redis': 39, 'env/git-refs': 39, 'cli/usage-breaks': 34, 'dashboard/workflow': 34, 'cluster/slurm': 31,
  'distributed/worker-kill': 30, 'distributed/run-stop': 29, 'distributed/worker-code': 27, 'env/lifecycle': 27,
  'cluster/client-lifetime': 26, 'shell/activate-posix': 26, 'cli/bundle': 25, 'distributed/redis-run': 25,
  'env/source-deps': 24, 'env/source-breaks-s11': 23, 'env/source-breaks-s13': 22, 'env/tester-breaks-s14c': 22,
  'cli/options': 21, 'dashboard/counts': 20, 'dashboard/slurm-workers': 20, 'env/node-shim': 20,
  'env/try8g-breaks': 20, 'dashboard/interrupted': 19, 'env/source-breaks-s12': 19, 'env/lock-relative': 18,
  'workflow/tester-breaks': 18, 'env/tester-breaks-s14': 17, 'distributed/option-breaks': 16, 'store/faults': 16,
  'workflow/run': 16, 'dashboard/client': 15, 'distributed/redis-notices': 15, 'workflow/state-breaks': 15,
  'distributed/redis-env': 14, 'workflow/try8d-breaks': 14, 'env/esm-imports': 13, 'env/smaller': 12,
  'env/source-errors': 12, 'env/try8h-breaks': 12, 'distributed/blobs': 11, 'env/faults': 11, 'env/root-parts': 11,
  'env/tester-breaks-s13': 11, 'env/tester-breaks-s14b': 11, 'env/tester-breaks-s8': 11,
  'resolve/metadata-cache': 11, 'workflow/failed-steps': 11, 'distributed/broker-check': 10,
  'env/folder-siblings': 10, 'env/sources': 10, 'env/spec-prefix': 10, 'env/tester-breaks-s10': 10,
  'env/try13c-breaks': 10, 'radar/crosscheck': 10, 'env/damage': 9, 'env/remove-link': 9, 'env/run': 9,
  'env/store-repair-journal': 9, 'cli/deleted-cwd': 8, 'cli/env-commands': 8, 'collections/zarr-breaks': 8,
  'env/force': 8, 'env/git-archive-down': 8, 'env/places': 8, 'env/atomic': 7, 'env/clean-damaged': 7,
  'env/dry-run': 7, 'env/read-only': 7, 'shell/stacked-old-node': 7, 'store/broken-gzip': 7,
  'dashboard/remote-workers': 6, 'dashboard/server': 6, 'distributed/meeting': 6, 'env/damaged-history': 6,
  'env/extra-ca': 6, 'env/keep-user-files': 6, 'env/live': 6, 'env/npx': 6, 'env/undeletable': 6, 'env/user-data': 6,
  'env/user-data-scale': 6, 'graph/correctness': 6, 'radar/outputs-maps': 6, 'radar/outputs-write': 6,
  'shell/init': 6, 'shell/interrupted-swap': 6, 'store/ensure': 6, 'store/trust': 6, 'workflow/found-data': 6,
  'workflow/params-env': 6, 'workflow/workflow-env-project': 6,
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

#!/usr/bin/env node
/**
 * Lists the compiled test files for `npm test`, the slowest first, one a line.
 *
 * node --test starts files in the order given, --test-concurrency at a time; with the files in
 * alphabetical order a long file that starts late runs on alone while the other core waits for it.
 * Started first, the long files overlap the many short ones instead. SECONDS is each file's
 * summed test time in a CI run (2 cores, --test-concurrency=2; now: the quiet CI of session 21,
 * 971 s, less what later changes took off); a file not named counts as short
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
  'distributed/redis-outage': 57, 'distributed/redis-run': 49, 'distributed/redis': 47, 'cluster/slurm-drain': 45,
  'env/live-esm': 44, 'cluster/client-lifetime': 43, 'cluster/slurm-stop': 43, 'distributed/worker-kill': 38,
  'cluster/slurm': 37, 'env/git-refs': 33, 'distributed/client-interrupts': 32, 'dashboard/workflow': 32,
  'cluster/slurm-run': 31, 'distributed/client-faults': 31, 'cli/bundle': 28, 'distributed/run-stop': 24,
  'shell/activate-posix': 24, 'cli/usage-mistakes': 21, 'env/sources-files-urls': 21, 'env/lifecycle': 21,
  'dashboard/counts': 20, 'env/source-deps': 19, 'distributed/redis-env': 19, 'env/sources-prepare-offline': 18,
  'distributed/redis-notices': 18, 'distributed/worker-code': 18, 'env/node-shim': 17, 'dashboard/interrupted': 17,
  'cli/options': 17, 'env/lock-relative': 16, 'dashboard/client': 15, 'resolve/metadata-cache': 15,
  'distributed/settings': 15, 'env/store-permissions': 14, 'env/sources-duplicates-aliases': 14, 'env/store-repair-modes': 14,
  'dashboard/slurm-workers': 14, 'distributed/blobs': 13, 'store/faults': 12, 'workflow/run': 12,
  'env/user-files-hosts': 12, 'env/bins-git-aliases': 11, 'workflow/outputs-and-kills': 11, 'env/smaller': 10,
  'env/source-errors': 10, 'distributed/broker-check': 10, 'env/esm-imports': 10, 'workflow/spec-limits': 10,
  'workflow/state-and-inputs': 9, 'workflow/failed-steps': 9, 'radar/skip-days': 9, 'env/dry-run-quiet-interrupts': 9,
  'env/faults': 9, 'env/fifos': 8, 'radar/crosscheck': 8, 'env/root-parts': 8, 'cluster/slurm-early-drain': 8,
  'env/folder-siblings': 8, 'env/spec-prefix': 8, 'distributed/killed-submitter': 8, 'env/root-leftovers': 8,
  'env/loader-and-names': 8, 'cli/deleted-cwd': 8, 'env/sources': 7, 'env/secrets-and-dots': 7,
  'env/activation-pins': 7, 'env/run': 7, 'env/git-archive-down': 7, 'env/store-repair-journal': 7, 'env/live': 7,
  'env/remove-link': 7, 'env/places': 7, 'env/source-aliases': 6, 'env/clean-damaged': 6,
  'shell/stacked-old-node': 6, 'radar/gis-layouts': 6, 'cli/env-commands': 6, 'env/read-only': 6, 'env/user-data': 6,
  'cluster/worker-broker-gone': 6, 'radar/outputs-write': 6, 'env/damage': 6, 'store/ensure': 6,
  'distributed/meeting': 6, 'dashboard/server': 6, 'dashboard/remote-workers': 6, 'shell/init': 5, 'env/force': 5,
  'env/npx': 5, 'graph/worker-buffers': 5, 'env/basic-auth': 5, 'store/content-encoding': 5,
  'workflow/env-fingerprint': 5, 'radar/outputs-maps': 5, 'env/dry-run': 5, 'env/undeletable': 5,
  'env/bench-env-create': 5, 'graph/correctness': 5, 'env/atomic': 5, 'env/user-data-scale': 5, 'graph/progress': 5,
  'shell/interrupted-swap': 5, 'env/extra-ca': 4, 'resolve/redirects': 4, 'env/keep-user-files': 4,
  'collections/zarr-foreign-stores': 4, 'cli/output-faults': 4, 'radar/synthetic': 4, 'workflow/workflow-env-project': 4,
  'env/damaged-history': 4, 'graph/cancel': 4, 'radar/data-label': 4, 'env/managed-variables': 4, 'store/trust': 4,
  'collections/bag-text-and-keys': 4, 'env/history-not-folder': 4, 'workflow/params-env': 4, 'env/odd-names-long-paths': 4,
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

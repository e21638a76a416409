/**
 * Issue-8 breaks from the session-16 tester's report (/work/briefs/s16/breaks/try8h.md), each shown
 * failing before its fix: H2 (a FIFO at a metadata cache entry hung create and install, deaf to
 * Ctrl-C and SIGTERM), H3 (a FIFO at a store entry's index.json, at a damage-journal record or at a
 * stored file hung create, install, clean and clean --verify), H1 (a FIFO at an older revision's
 * ssdp-meta/history/NNNN.json made every install and remove a Node stack, ERR_FS_CP_FIFO_PIPE).
 * Every one is the same fault: a synchronous read of ssdp's own file opened a FIFO, which blocks
 * until a writer comes, with no signal handler able to run; util/read-regular.ts opens them
 * O_NONBLOCK and checks the fstat.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pkg, setup, spawnCli, type Ctx } from './helpers.js';

const PACKAGES = [pkg('alpha', '1.0.0', { files: { 'big.txt': 'x'.repeat(1000) } }), pkg('gamma', '1.0.0')];

function fifoAt(file: string): void {
  rmSync(file, { force: true });
  const r = spawnSync('mkfifo', [file]);
  assert.equal(r.status, 0, String(r.stderr));
}

/**
 * ctx.cli, but a child still running when the test ends (the old hang, turned into a failure by the
 * test's timeout) is killed with SIGKILL: it was deaf to everything else.
 */
function cliOf(t: TestContext, ctx: Ctx) {
  const children = new Set<ReturnType<typeof spawnCli>['child']>();
  t.signal.addEventListener('abort', () => children.forEach((c) => c.kill('SIGKILL')));
  return async (args: string[]) => {
    const { child, done } = spawnCli(args, ctx.env);
    children.add(child);
    const r = await done;
    children.delete(child);
    return r;
  };
}

/** The store entry folder of a package (STORE/pkgs/ALGO/XX/REST), found by its index. */
function entryOf(ctx: Ctx, name: string): { dir: string; key: string } {
  const pkgs = join(ctx.root, 'store', 'v1', 'pkgs');
  for (const algo of readdirSync(pkgs)) {
    for (const two of readdirSync(join(pkgs, algo))) {
      for (const rest of readdirSync(join(pkgs, algo, two))) {
        const dir = join(pkgs, algo, two, rest);
        try {
          if (JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')).name === name) return { dir, key: `${algo}-${two}${rest}` };
        } catch {
          /* another entry's damaged index */
        }
      }
    }
  }
  throw new Error(`no store entry of ${name}`);
}

const noStack = (r: { stdout: string; stderr: string }) => assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at |unexpected error/, r.stdout + r.stderr);

// The timeouts only turn the old hangs into failures; nothing here waits for a time.
test('H2: a FIFO at a metadata cache entry is a cache miss: create and install fetch again, never hang', { timeout: 300_000 }, async (t) => {
  const ctx = await setup(PACKAGES);
  const cli = cliOf(t, ctx);
  try {
    let r = await cli(['create', '-n', 'a', 'alpha', 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const cache = join(ctx.root, 'cache', 'metadata-v1');
    const [host] = readdirSync(cache);
    const entry = join(cache, host, 'alpha.json');
    assert.ok(lstatSync(entry).isFile());
    fifoAt(entry);
    r = await cli(['create', '-n', 'b', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    noStack(r);
    assert.ok(lstatSync(entry).isFile(), 'the fetched entry replaced the FIFO');
    fifoAt(entry);
    // --offline: a miss without the network is the usual offline error, not a hang.
    r = await cli(['install', '-n', 'a', 'alpha', '--offline']);
    assert.notEqual(r.status, null, 'it exited');
    noStack(r);
    r = await cli(['install', '-n', 'a', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await ctx.close();
  }
});

test('H3: a FIFO at a store index.json, a damage record or a stored file is a damaged entry for create, install, clean and clean --verify', { timeout: 600_000 }, async (t) => {
  const ctx = await setup(PACKAGES);
  const cli = cliOf(t, ctx);
  try {
    let r = await cli(['create', '-n', 'a', 'alpha', 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    let { dir, key } = entryOf(ctx, 'alpha');
    const index = join(dir, 'index.json');

    // index.json: linking fetches a clean copy, naming what was wrong.
    fifoAt(index);
    r = await cli(['create', '-n', 'b', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /stored copy of alpha@1\.0\.0 was damaged \(its index .*index\.json is a FIFO \(named pipe\), not a regular file\)/);
    assert.ok(lstatSync(index).isFile());
    fifoAt(index);
    r = await cli(['install', '-n', 'a', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    noStack(r);
    fifoAt(index);
    r = await cli(['clean']);
    assert.equal(r.status, 0, r.stderr);
    noStack(r);
    fifoAt(index);
    r = await cli(['clean', '--verify']);
    assert.notEqual(r.status, null);
    noStack(r);
    assert.match(r.stdout + r.stderr, /index\.json is a FIFO \(named pipe\), not a regular file/);
    r = await cli(['create', '-n', 'c', 'alpha']);
    assert.equal(r.status, 0, r.stderr);

    // A damage-journal record that is a FIFO names nothing to repair: skipped, and clean --verify
    // deletes it (and a folder or junk at another record's name), saying so.
    ({ dir, key } = entryOf(ctx, 'alpha'));
    const damaged = join(ctx.root, 'store', 'v1', 'damaged');
    const record = join(damaged, `${key}.json`);
    spawnSync('mkdir', ['-p', join(damaged, 'sha512-00.json')]);
    writeFileSync(join(damaged, 'sha512-01.json'), 'junk');
    fifoAt(record);
    for (const args of [['create', '-n', 'd', 'alpha'], ['install', '-n', 'a', 'gamma'], ['clean'], ['clean', '--verify']]) {
      r = await cli(args);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      noStack(r);
    }
    assert.ok(r.stdout.includes(`removed the damage record ${record}: a FIFO (named pipe), not a file, so it named nothing to repair`), r.stdout);
    assert.ok(r.stdout.includes(`removed the damage record ${join(damaged, 'sha512-00.json')}: a folder, not a file`), r.stdout);
    assert.ok(r.stdout.includes(`removed the damage record ${join(damaged, 'sha512-01.json')}: not a damage record`), r.stdout);
    assert.deepEqual(readdirSync(damaged), []);

    // A stored file that is a FIFO: clean --verify repairs the entry, naming the file.
    fifoAt(join(dir, 'files', 'big.txt'));
    r = await cli(['clean', '--verify']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /repaired 1/, r.stdout);
    assert.match(r.stdout + r.stderr, /big\.txt is a FIFO \(named pipe\), not a regular file/);
    assert.ok(lstatSync(join(entryOf(ctx, 'alpha').dir, 'files', 'big.txt')).isFile());
    r = await cli(['clean', '--verify']);
    assert.match(r.stdout, /repaired 0/, r.stdout);
  } finally {
    await ctx.close();
  }
});

test('H1: a FIFO at an older ssdp-meta/history/NNNN.json: install and remove go on, the revision stays listed as damaged', { timeout: 300_000 }, async (t) => {
  const ctx = await setup(PACKAGES);
  const cli = cliOf(t, ctx);
  try {
    let r = await cli(['create', '-n', 'a', 'alpha', 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const history = join(ctx.root, 'envs', 'a', 'ssdp-meta', 'history');
    fifoAt(join(history, '0000.json'));
    r = await cli(['remove', '-n', 'a', 'gamma']);
    assert.equal(r.status, 0, r.stderr);
    noStack(r);
    r = await cli(['install', '-n', 'a', 'gamma']);
    assert.equal(r.status, 0, r.stderr);
    noStack(r);
    assert.ok(lstatSync(join(history, '0000.json')).isFIFO(), 'revision 0 kept as it was');
    assert.deepEqual(readdirSync(history).sort(), ['0000.json', '0001.json', '0002.json']);
    r = await cli(['list', '-n', 'a', '--revisions']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /0000\.json.*FIFO/);
    r = await cli(['install', '-n', 'a', '--revision', '1']);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await ctx.close();
  }
});

/**
 * Issue-8 breaks from the session-15 tester's report (/work/briefs/s15/breaks/try8g.md), each
 * shown failing before its fix. G4: a user's in-place edit of a package file in one env (the
 * store's inode, shared by every env) was thrown away when a change of ANOTHER env, or
 * clean --verify, repaired the store and relinked the envs. G10: a damaged entry one of whose files
 * an env made immutable (chattr +i: the same inode) left its old copy in STORE/tmp, and from then
 * on every install and clean was a rimraf ENOTDIR stack; clean --verify blamed the registry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chattr, pkg, setup } from './helpers.js';

const REL = 'lib/node_modules/alpha/index.js';
const CLEAN = 'module.exports = "alpha@1.0.0";\n';
const EDIT = 'console.log("my debug line")\n';

/** Every file below PREFIX/ssdp-kept ending in REL, with its contents. */
function keptEdits(prefix: string): string[] {
  const kept = join(prefix, 'ssdp-kept');
  if (!existsSync(kept)) return [];
  return readdirSync(kept)
    .map((n) => join(kept, n, REL))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, 'utf8'));
}

for (const how of ['install -n e2 beta', 'clean --verify'] as const) {
  test(`G4: an edit in place of one env's package file is kept in every env that held it when ${how} repairs the store`, async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('beta', '1.0.0'), pkg('gamma', '1.0.0')]);
    try {
      for (const n of ['e1', 'e2', 'e3']) {
        const r = await ctx.cli(['create', '-q', '-n', n, 'alpha', 'gamma']);
        assert.equal(r.status, 0, r.stderr);
      }
      const prefixes = ['e1', 'e2', 'e3'].map((n) => join(ctx.root, 'envs', n));
      appendFileSync(join(prefixes[0]!, REL), EDIT);
      const r = await ctx.cli(how.split(' '));
      assert.equal(r.status, 0, r.stderr);
      const out = r.stdout + r.stderr;
      for (const p of prefixes) {
        assert.equal(readFileSync(join(p, REL), 'utf8'), CLEAN, `${p} runs the clean copy`);
        assert.deepEqual(keptEdits(p), [CLEAN + EDIT], `${p} keeps the edited bytes`);
        const kept = readdirSync(join(p, 'ssdp-kept')).map((n) => join(p, 'ssdp-kept', n, REL));
        assert.ok(out.includes(kept[0]!), `the output names ${kept[0]}:\n${out}`);
        assert.notEqual(statSync(kept[0]!).ino, statSync(join(p, REL)).ino);
      }
      const inodes = new Set(prefixes.map((p) => statSync(readdirSync(join(p, 'ssdp-kept')).map((n) => join(p, 'ssdp-kept', n, REL))[0]!).ino));
      assert.equal(inodes.size, 3, 'each env keeps a copy of its own (an edit of one does not reach the others)');
      // A later change keeps them (they are the user's files now), and nothing is pending.
      const v = await ctx.cli(['clean', '--verify', '--json']);
      assert.deepEqual(JSON.parse(v.stdout).verify.repaired, []);
      const again = await ctx.cli(['install', '-q', '-n', 'e1', 'beta']);
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual(keptEdits(prefixes[0]!), [CLEAN + EDIT]);
    } finally {
      await ctx.close();
    }
  });
}

test('G4: a mode change alone (same bytes) is relinked with nothing kept aside', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    for (const n of ['a', 'b']) {
      const r = await ctx.cli(['create', '-q', '-n', n, 'alpha']);
      assert.equal(r.status, 0, r.stderr);
    }
    const file = join(ctx.root, 'envs', 'a', REL);
    chmodSync(file, statSync(file).mode | 0o022);
    const r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /repaired 1/);
    for (const n of ['a', 'b']) assert.equal(existsSync(join(ctx.root, 'envs', n, 'ssdp-kept')), false, n);
  } finally {
    await ctx.close();
  }
});


test('G10: a repaired entry whose file an env made immutable: clean --verify names chattr and exits 1, later installs and clean go on, clean keeps and names the old copy until the attribute is lifted', { skip: process.getuid?.() !== 0 && 'needs root for chattr' }, async (t) => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '1.0.0')]);
  const frozen = join(ctx.root, 'envs', 'n2', REL);
  try {
    for (const n of ['n1', 'n2']) {
      const r = await ctx.cli(['create', '-q', '-n', n, 'alpha']);
      assert.equal(r.status, 0, r.stderr);
    }
    appendFileSync(join(ctx.root, 'envs', 'n1', REL), EDIT);
    if (!chattr('+i', frozen)) return t.skip('chattr is not supported on this file system');
    let r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /E_VERIFY_INCOMPLETE/);
    assert.ok(r.stderr.includes(`chattr -i ${frozen}`), r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /unexpected error|no clean copy could be fetched/);
    const tmp = join(ctx.root, 'store', 'v1', 'tmp');
    const stuck = () => (existsSync(tmp) ? readdirSync(tmp) : []);
    assert.equal(stuck().length, 1, 'the old copy of the entry stays in STORE/tmp, holding the frozen file');
    for (let i = 0; i < 2; i++) {
      r = await ctx.cli(['install', '-n', 'n1', i ? 'alpha' : 'gamma']);
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /unexpected error|ENOTDIR/);
    }
    r = await ctx.cli(['clean']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(`Kept ${join(tmp, stuck()[0]!)}`), r.stdout);
    assert.match(r.stdout, /chattr -i/);
    // Lifted: clean deletes the old copy, and clean --verify finishes relinking n2.
    chattr('-R', '-i', ctx.dir);
    r = await ctx.cli(['clean']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(stuck(), []);
    r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(frozen, 'utf8'), CLEAN, 'n2 relinked to the clean copy');
  } finally {
    chattr('-R', '-i', ctx.dir);
    await ctx.close();
  }
});

test('try8h S1, S2: clean --verify names the attribute that is set (chattr -a for append-only), and an immutable ssdp-kept folder is E_NOT_WRITABLE naming it, not a bare EPERM', { skip: process.getuid?.() !== 0 && 'needs root for chattr' }, async (t) => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  const [n1, n2] = ['n1', 'n2'].map((n) => join(ctx.root, 'envs', n)) as [string, string];
  try {
    for (const n of ['n1', 'n2']) {
      const r = await ctx.cli(['create', '-q', '-n', n, 'alpha']);
      assert.equal(r.status, 0, r.stderr);
    }
    appendFileSync(join(n1, REL), EDIT); // the store's inode: every env holds the edit
    if (!chattr('+a', join(n2, REL))) return t.skip('chattr is not supported on this file system');
    let r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.ok(r.stderr.includes(`append-only, chattr +a`) && r.stderr.includes(`chattr -a ${join(n1, REL)}`), r.stderr);
    assert.doesNotMatch(r.stderr, /chattr -i/);
    chattr('-a', join(n2, REL));
    // The repair goes on from the journal; n1's edited copy must go to n1/ssdp-kept, which is frozen.
    const kept = join(n1, 'ssdp-kept');
    mkdirSync(kept, { recursive: true }); // the first run may have made it
    chattr('+i', kept);
    r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.ok(r.stderr.includes(`could not repair ${n1}: [E_NOT_WRITABLE] your edited copy of ${join(n1, REL)} cannot be kept in ${kept} (EPERM: immutable, chattr +i)`), r.stderr);
    assert.ok(r.stderr.includes(`chattr -i ${kept}`), r.stderr);
    assert.doesNotMatch(r.stderr, /EPERM: operation not permitted/);
    assert.equal(readFileSync(join(n1, REL), 'utf8'), CLEAN + EDIT, 'n1 left as it was');
    chattr('-i', kept);
    r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(n1, REL), 'utf8'), CLEAN);
    assert.deepEqual(keptEdits(n1), [CLEAN + EDIT]);
  } finally {
    chattr('-R', '-i', ctx.dir);
    chattr('-R', '-a', ctx.dir);
    await ctx.close();
  }
});

test('G3+G5: a -p env whose disk is not there: clean keeps every stored package, and clean --verify keeps the repair for it (E_VERIFY_INCOMPLETE) and finishes once it is back', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('beta', '1.0.0', { dependencies: { alpha: '1.0.0' } }), pkg('gamma', '1.0.0')]);
  try {
    const disk = join(ctx.dir, 'disk');
    mkdirSync(join(disk, 'sub'), { recursive: true });
    const pe = join(disk, 'sub', 'pe');
    let r = await ctx.cli(['create', '-q', '-n', 'keep', 'gamma']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['create', '-q', '-n', 'n1', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['create', '-q', '-p', pe, 'beta']);
    assert.equal(r.status, 0, r.stderr);
    appendFileSync(join(ctx.root, 'envs', 'n1', REL), EDIT); // reaches pe too (same inode)
    renameSync(disk, `${disk}.away`); // the disk goes away
    r = await ctx.cli(['clean']);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /- (alpha|beta)@/, r.stdout);
    assert.ok(r.stdout.includes(`Kept every stored package: ${pe} is a -p env`), r.stdout);
    r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /E_VERIFY_INCOMPLETE/);
    assert.ok(r.stderr.includes(`could not repair ${pe}: the folder is not there`), r.stderr);
    renameSync(`${disk}.away`, disk); // back
    r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(pe, REL), 'utf8'), CLEAN, 'pe relinked once its disk is back');
    assert.deepEqual(keptEdits(pe), [CLEAN + EDIT]);
    r = await ctx.cli(['install', '-q', '-p', pe, 'gamma', '--offline']);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await ctx.close();
  }
});

/**
 * Break DF1 of the issue-8 re-test (s12 try8d): a full disk during an env change gave an ENOSPC
 * stack (metadata cache write, commitEnv) or called a package "not a valid gzipped tarball" with
 * a hint about proxies. Now a failed cache write is skipped, and what cannot be written is
 * E_ENV_DISK_FULL naming the place and the room left; the env stays as it was. A small tmpfs in
 * a private mount namespace (needs root).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY } from '../helpers/cli.js';
import { canMount, pkg, setup } from './helpers.js';


test('DF1: install onto a nearly full disk is E_ENV_DISK_FULL naming where, no stack; the env and the user\'s file are intact; after freeing space it works', { skip: canMount ? false : 'needs root (unshare -m, mount -t tmpfs)' }, async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('big', '1.0.0', { files: { 'data.txt': 'x'.repeat(400_000) } })]);
  try {
    const disk = join(ctx.dir, 'disk');
    mkdirSync(disk);
    const script = `
      mount -t tmpfs -o size=4m tmpfs "$D" || exit 99
      export SSDP_ROOT="$D/root"
      "$NODE" "$CLI" create -p "$D/E" alpha -q || exit 98
      echo mine > "$D/E/notes.txt"
      avail=$(df -k --output=avail "$D" | tail -1)
      dd if=/dev/zero of="$D/fill" bs=1k count=$((avail - 24)) 2>/dev/null
      "$NODE" "$CLI" install -p "$D/E" big; echo "rc=$?"
      echo "--"; ls -A "$D/E/lib/node_modules" "$D"; cat "$D/E/notes.txt"
      rm "$D/fill"
      "$NODE" "$CLI" install -p "$D/E" big -q; echo "rc2=$?"; ls "$D/E/lib/node_modules"`;
    const child = spawn('unshare', ['-m', 'sh', '-c', script], { env: { ...ctx.env, D: disk, NODE: process.execPath, CLI: CLI_ENTRY } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const status = await new Promise<number | null>((ok) => child.on('close', ok));
    assert.equal(status, 0, `${out}\n${err}`);
    assert.match(out, /^rc=1$/m, err);
    assert.match(err, /ssdp: error \[E_ENV_DISK_FULL\]: could not write .*: the disk is full \(ENOSPC, no space left on the device; \d+ kB free\); the env was left as it was\./, err);
    assert.doesNotMatch(err, /unexpected error|E_BAD_ARCHIVE|proxy|\n\s+at /, err);
    const [, after] = out.split('--\n');
    // The env as it was, the user's file in it, no staging or trash folder on the disk.
    assert.match(after!, /^alpha\n/m);
    assert.doesNotMatch(after!.split('\n\n')[0]!, /big/);
    assert.doesNotMatch(after!, /ssdp-(staging|trash)/);
    assert.match(after!, /^mine$/m);
    assert.match(out, /^rc2=0\nalpha\nbig$/m, err);
  } finally {
    await ctx.close();
  }
});

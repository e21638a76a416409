/**
 * The swap's crash windows, reproduced on disk: whatever folders a killed process leaves,
 * recovery yields the previous env or the new one, never a mix, and never loses the old one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { deadLeftovers, interruptedSwaps, makeStaging, recoverPrefix, removeAtomically, swapIn } from '../../src/env/swap.js';
import { leftoverStem } from '../../src/env/prefix.js';

function envWith(dir: string, content: string): void {
  mkdirSync(join(dir, 'ssdp-meta'), { recursive: true });
  writeFileSync(join(dir, 'ssdp-meta', 'env.json'), content);
}

test('swapIn replaces an env; leftovers of a killed build are removed on recovery', () => {
  const dir = tempDir('ssdp-swap-');
  const target = join(dir, 'env');
  envWith(target, 'old');
  const staging = makeStaging(target);
  envWith(staging, 'new');
  swapIn(staging, target);
  assert.equal(readFileSync(join(target, 'ssdp-meta/env.json'), 'utf8'), 'new');
  assert.deepEqual(readdirSync(dir), ['env']);

  // Killed while filling staging: the env is untouched, staging goes away.
  const abandoned = makeStaging(target);
  envWith(abandoned, 'half');
  recoverPrefix(target);
  assert.deepEqual(readdirSync(dir), ['env']);
  assert.equal(readFileSync(join(target, 'ssdp-meta/env.json'), 'utf8'), 'new');
});

test('killed between the two renames: recovery puts the previous env back', () => {
  const dir = tempDir('ssdp-swap-');
  const target = join(dir, 'env');
  envWith(target, 'previous');
  const staging = makeStaging(target);
  envWith(staging, 'next');
  // First rename of swapIn done (target -> trash), second not: what kill -9 can leave.
  renameSync(target, join(dir, '.env.ssdp-trash-0123abcd'));
  assert.ok(!existsSync(target));
  recoverPrefix(target);
  assert.equal(readFileSync(join(target, 'ssdp-meta/env.json'), 'utf8'), 'previous');
  assert.deepEqual(readdirSync(dir), ['env']);
});

test('an interrupted remove never comes back half-deleted; other envs are not touched', () => {
  const dir = tempDir('ssdp-swap-');
  const target = join(dir, 'env');
  const other = join(dir, 'env2');
  envWith(target, 'x');
  envWith(other, 'y');
  mkdirSync(join(dir, '.env2.ssdp-staging-00ff')); // belongs to env2, not to env
  renameSync(target, join(dir, '.env.ssdp-removing-00aa')); // remove killed after its rename
  mkdirSync(join(dir, '.env.ssdp-removing-00bb-4242')); // the same, named with the removing pid
  recoverPrefix(target);
  assert.deepEqual(readdirSync(dir).sort(), ['.env2.ssdp-staging-00ff', 'env2']);
  removeAtomically(other);
  assert.deepEqual(readdirSync(dir), ['.env2.ssdp-staging-00ff']);
});

test('try8i I2: an env whose folder name is 201-255 bytes long can be built, swapped, recovered and removed; a longer -p name is E_BAD_PREFIX', () => {
  const dir = tempDir('ssdp-swap-');
  const target = join(dir, 'p'.repeat(240)); // legal, but .NAME.ssdp-staging-HEX-PID was not (ENAMETOOLONG)
  const sibling = join(dir, 'p'.repeat(239) + 'q'); // same first 160 bytes: its leftovers are not target's
  envWith(target, 'old');
  envWith(sibling, 'other');
  const staging = makeStaging(target);
  assert.ok(Buffer.byteLength(staging.slice(dir.length + 1)) <= 255);
  envWith(staging, 'new');
  swapIn(staging, target);
  assert.equal(readFileSync(join(target, 'ssdp-meta/env.json'), 'utf8'), 'new');

  const abandoned = makeStaging(target); // a killed change's staging folder
  assert.deepEqual(deadLeftovers(dir, new Set([basename(sibling)])), [], "not the sibling's");
  recoverPrefix(sibling);
  assert.ok(existsSync(abandoned), "the sibling's recovery leaves target's leftovers alone");
  recoverPrefix(target);
  assert.ok(!existsSync(abandoned));

  // Killed between the two renames: the trash is found under the long name and put back.
  renameSync(target, join(dir, `.${leftoverStem(basename(target))}.ssdp-trash-0123abcd`));
  assert.deepEqual(interruptedSwaps(readdirSync(dir)), [leftoverStem(basename(target))]);
  recoverPrefix(target);
  assert.equal(readFileSync(join(target, 'ssdp-meta/env.json'), 'utf8'), 'new');

  removeAtomically(target);
  assert.deepEqual(readdirSync(dir), [basename(sibling)]);

  const r = runCli(['create', '-p', join(dir, 'q'.repeat(256)), 'alpha'], { env: { ...process.env, SSDP_ROOT: join(tempDir('ssdp-swap-root-'), 'root') } });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_BAD_PREFIX\]: .* cannot be an env: its folder name 'q+…' is 256 bytes long, and a file name may have at most 255/);
  assert.doesNotMatch(r.stderr, /unexpected error|ENAMETOOLONG/);
  assert.deepEqual(readdirSync(dir), [basename(sibling)], 'nothing was made');
});

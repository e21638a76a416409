/**
 * The swap's crash windows, reproduced on disk: whatever folders a killed process leaves,
 * recovery yields the previous env or the new one, never a mix, and never loses the old one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { makeStaging, recoverPrefix, removeAtomically, swapIn } from '../../src/env/swap.js';

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

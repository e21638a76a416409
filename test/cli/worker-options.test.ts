/**
 * `ssdp worker --nprocs`: a number the machine cannot hold (a typo's extra zeros) is refused before
 * anything starts (try11t B10: --nprocs 100000000 started task processes without end).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { runCli } from '../helpers/cli.js';

// nothing listens on port 1: a worker that got past the checks would fail there, with another code
const BROKER = 'redis://127.0.0.1:1';

test('ssdp worker --nprocs 100000000: refused (exit 2, E_BAD_OPTION_VALUE) with the bound and a number to give, before any task process or broker', () => {
  const r = runCli(['worker', '--broker', BROKER, '--nprocs', '100000000']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /E_BAD_OPTION_VALUE/);
  assert.match(r.stderr, /--nprocs 100000000 is more task processes than this machine can hold: at most \d+ here/);
  assert.match(r.stderr, /hint: Give --nprocs \d+/);
  assert.doesNotMatch(r.stderr, /serving|E_BROKER/);
});

test('ssdp worker --nprocs within the bound (one per CPU) passes the check: it goes on to the broker', () => {
  const r = runCli(['worker', '--broker', BROKER, '--nprocs', String(availableParallelism())]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_BROKER_UNREACHABLE/);
  assert.doesNotMatch(r.stderr, /E_BAD_OPTION_VALUE/);
});

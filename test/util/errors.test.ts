import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';

test('no command: usage error with exit code 2 and a pointer to --help', () => {
  const r = runCli([]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /ssdp --help/);
});

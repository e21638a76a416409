/**
 * A task module that exists but imports a package the env lacks (tester s13 try11t B9): the error
 * names the missing import and the machine, not "cannot find the module of function".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';

test('B9: a missing package imported by an existing task module is named, with the host; the module is not called missing', () => {
  const dir = tempDir('ssdp-missing-import-');
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  a:\n    function: ./steps.mjs#v\n    args: {}\n');
  writeFileSync(join(dir, 'steps.mjs'), "import ms from 'no-such-pkg-b9';\nexport function v() { return ms; }\n");
  const r = runCli(['run', 'a'], { cwd: dir });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /E_TASK_FUNCTION.*module of function \.\/steps\.mjs#v is there, but an import of it failed on .*no-such-pkg-b9/);
  assert.doesNotMatch(r.stderr, /cannot find the module of function/);
});

/**
 * A step's stamp covers the local files its task module imports (try11t B6): editing only a helper
 * module makes the step run again instead of leaving it "up to date" with an output of old code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';

test('try11t B6: editing a module the task module imports (two levels down) runs the step again with the new code', () => {
  const dir = tempDir('ssdp-code-imports-');
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  a:\n    function: ./steps.mjs#v\n    args: { out: out.txt }\n    outputs: [out.txt]\n');
  writeFileSync(join(dir, 'steps.mjs'), "import { writeFileSync } from 'node:fs';\nimport { K } from './helper.mjs';\nexport function v({ out }, ctx) { writeFileSync(ctx.root + '/' + out, String(K)); return K; }\n");
  writeFileSync(join(dir, 'helper.mjs'), "export * from './deep.js';\n");
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  for (const k of ['1', '22', '333']) {
    writeFileSync(join(dir, 'deep.js'), `export const K = ${k};\n`);
    const r = runCli(['run', 'a'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), k, r.stdout + r.stderr);
  }
  const again = runCli(['run', 'a'], { cwd: dir });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout + again.stderr, /up to date/);
});

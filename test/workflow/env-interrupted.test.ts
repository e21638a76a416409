/**
 * Tester try8g G7: `ssdp run TASK` stopped (Ctrl-C, SIGTERM) while it creates or updates the
 * project's workflow env died without a word (exit 130/143, --json stdout empty). It says
 * E_RUN_INTERRUPTED (as JSON with --json), then dies of the signal; the env stays as it was.
 * (Fixed with try11v D5's listener from the CLI's start, cli/main.ts; this pins the env case.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup, spawnCli } from '../env/helpers.js';
import { until } from '../helpers/cli.js';
import { workflowEnvName } from '../../src/workflow/workflow-env.js';

for (const [sig, json] of [['SIGTERM', true], ['SIGINT', false]] as const) {
  test(`G7: ${sig} while ssdp run${json ? ' --json' : ''} updates the workflow env is E_RUN_INTERRUPTED; the env is left as it was`, async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('beta', '1.0.0'), pkg('gamma', '1.0.0')]);
    try {
      const dir = join(ctx.dir, 'project');
      mkdirSync(dir);
      writeFileSync(join(dir, 'env.yaml'), 'name: wfenv\ndependencies:\n  - gamma\n');
      writeFileSync(join(dir, 'ssdp.yaml'), 'env: env.yaml\ntasks:\n  a:\n    cmd: "ls $SSDP_PREFIX/lib/node_modules > out.txt"\n    outputs: [out.txt]\n');
      const first = await ctx.cli(['run', 'a'], { cwd: dir });
      assert.equal(first.status, 0, first.stderr);
      const prefix = join(ctx.root, 'envs', workflowEnvName('wfenv', dir));
      // The spec changes, and the registry stalls beta's metadata: the update waits there.
      appendFileSync(join(dir, 'env.yaml'), '  - beta\n');
      ctx.reg.faults({ stall: { metadata: true } });
      const { child, done } = spawnCli(['run', 'a', ...(json ? ['--json'] : [])], { ...ctx.env, SSDP_FETCH_TIMEOUT: '600' }, { cwd: dir });
      await until(() => ctx.reg.requests.includes('beta'), 'the env update to ask for beta');
      child.kill(sig);
      const r = await done;
      assert.equal(r.signal, sig, `dies of the signal: ${r.stderr}`);
      if (json) {
        const e = JSON.parse(r.stdout) as { error: { code: string; message: string } };
        assert.equal(e.error.code, 'E_RUN_INTERRUPTED');
        assert.match(e.error.message, /The run was stopped \(SIGTERM\) before any step started/);
      } else {
        assert.match(r.stderr, /^ssdp: error \[E_RUN_INTERRUPTED\]: The run was stopped \(SIGINT\) before any step started/m);
      }
      assert.ok(existsSync(join(prefix, 'lib', 'node_modules', 'gamma')));
      assert.equal(existsSync(join(prefix, 'lib', 'node_modules', 'beta')), false, 'the env is at its old revision');
      assert.deepEqual(readdirSync(join(ctx.root, 'envs')).filter((n) => n.includes('ssdp-staging')), [], 'no staging left');
    } finally {
      await ctx.close();
    }
  });
}

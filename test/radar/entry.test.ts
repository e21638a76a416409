/**
 * `import 'ssdp'` must not load the radar pipeline or its image libraries; they come with
 * `import 'ssdp/radar'`. The package is imported by name, through its package.json exports, in a
 * child process whose Node debug log (esm and CommonJS loaders) lists every file it loaded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLI_ENTRY } from '../helpers/cli.js';

const PACKAGE_ROOT = dirname(dirname(dirname(dirname(CLI_ENTRY)))); // dist/src/cli/entry.js -> the package
const RADAR = /\/dist\/src\/radar\/|\/node_modules\/(@napi-rs\/canvas|gifenc|fast-png|geotiff|utif2|proj4|topojson-client|world-atlas|d3-scale-chromatic|@fontsource)\//;

function loaded(code: string): { files: string[]; out: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: PACKAGE_ROOT, env: { ...process.env, NODE_DEBUG: 'esm,module' }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  const files = new Set((r.stderr.match(/(file:\/\/)?\/[^\s'",)\]]+\.(m?js|cjs|node|json)/g) ?? []).map((f) => f.replace(/^file:\/\//, '')));
  return { files: [...files], out: r.stdout };
}

test("import 'ssdp' loads no radar module nor image library; 'ssdp/radar' has the pipeline", () => {
  const core = loaded("const m = await import('ssdp'); console.log(Object.keys(m).sort().join(' '))");
  assert.ok(core.files.some((f) => f.endsWith('/dist/src/index.js')), `the log names the loaded files: ${core.files.slice(0, 5).join(', ')}`);
  assert.deepEqual(core.files.filter((f) => RADAR.test(f)), []);
  for (const name of ['compute', 'delayed', 'bag', 'array', 'envProcessEnv', 'shell']) assert.ok(core.out.split(' ').includes(name), `'ssdp' still exports ${name}`);

  const radar = loaded("const r = await import('ssdp/radar'); console.log(typeof r.writeOutputs, typeof r.readNpy, typeof r.toRainRate, typeof r.readZip)");
  assert.equal(radar.out.trim(), 'function function function function');
  assert.ok(radar.files.some((f) => /\/dist\/src\/radar\/outputs\//.test(f)));
  assert.ok(radar.files.some((f) => /\/node_modules\/@napi-rs\/canvas\//.test(f)), 'the image libraries load with ssdp/radar (so the check above can see them)');
});

test('README "Radar data" (tester s17 try13u U1): its example imports what ssdp/radar has, and every radar.NAME it calls is a function there', () => {
  const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Radar data'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
  const imports = block.split('\n').filter((l) => l.startsWith('import '));
  assert.deepEqual(imports, ["import * as radar from 'ssdp/radar';"], 'the block imports the namespace from the subpath (`import { radar } from \'ssdp\'` is a SyntaxError)');
  const names = [...new Set([...block.matchAll(/\bradar\.(\w+)/g)].map((m) => m[1]!))];
  assert.ok(names.length >= 5, names.join(' '));
  const r = loaded(`const radar = await import('ssdp/radar'); console.log(${JSON.stringify(names)}.map((n) => n + ':' + typeof radar[n]).join(' '))`);
  assert.equal(r.out.trim(), names.map((n) => `${n}:function`).join(' '));
});

test("import 'ssdp' loads no env command, cluster or Slurm module; envProcessEnv, listEnvs and slurm load theirs when called (issue 14 B)", () => {
  // ~3 MB of a program that only computes arrays (env/index.js holds every env command's code)
  const HEAVY = /\/dist\/src\/(env\/(index|target|run-command|operations|swap)|cluster\/(index|slurm|redis-server))\.js$/;
  const core = loaded("await import('ssdp')");
  assert.ok(core.files.some((f) => f.endsWith('/dist/src/index.js')));
  assert.deepEqual(core.files.filter((f) => HEAVY.test(f)), []);
  const used = loaded(
    "const m = await import('ssdp'); const out = [m.slurm({ workers: 2 }).kind, Array.isArray(m.listEnvs('/nonexistent-ssdp-root'))];" +
      " try { m.envProcessEnv('/nonexistent-ssdp-env') } catch (e) { out.push(e instanceof m.SsdpError, e.code) }" +
      " try { m.slurm({ wokers: 2 }) } catch (e) { out.push(e instanceof m.SsdpError, e.code) } console.log(out.join(' '))",
  );
  assert.equal(used.out.trim(), 'slurm true true E_ENV_NOT_FOUND true E_CLUSTER_OPTION');
  assert.ok(used.files.some((f) => /\/dist\/src\/cluster\/index\.js$/.test(f)) && used.files.some((f) => /\/dist\/src\/env\/target\.js$/.test(f)));
});

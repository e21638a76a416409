#!/usr/bin/env node
/**
 * Build step after `tsc -p .`: bundles the compiled CLI (dist/src/cli/entry.js and everything it
 * imports from dist/src, npm packages left out) into two CommonJS files: dist/bundle/ssdp-env.cjs,
 * which bin/ssdp runs for the env commands, and dist/bundle/ssdp-run.cjs, for `ssdp run`,
 * `ssdp tasks` and `ssdp worker` (see src/cli/launch-env.cts). One file instead of ~45-70 ESM modules resolved, read
 * and compiled one by one at every start, and a plain script, so its compiled code can be kept in
 * V8's code cache on Node 20 (vm.Script cachedData). Two files, not one: each holds only what its
 * commands reach, so neither pays for parsing the other's code.
 *
 * - Modules that find files next to them (import.meta.url: worker and child entries, the ESM hook,
 *   package.json) still find them in dist/src: each such module's import.meta.url is replaced by
 *   the URL of its own compiled file, computed from the bundle's location.
 * - npm packages stay external (but execa in the run commands' bundle: RUN_INLINED) and are still loaded only when a command needs them (required
 *   inside esbuild's lazy module wrappers, or where the code imported them dynamically).
 * - An import() of a computed specifier (a task module's URL) stays an import(), through
 *   __ssdpImport: esbuild would make it a require(), which cannot load a file: URL or an ES module.
 * - ES-only packages (yargs, execa) are loaded with a real import(), never require(): Node
 *   require()s ES modules only from 20.19 / 22.12 on (with an ExperimentalWarning on 22.12), and
 *   not at all under --no-experimental-require-module. The code must import them dynamically
 *   (this fails the build otherwise); CommonJS packages stay require()d, since an import() starts
 *   Node's ESM loader, which the CommonJS launcher exists to spare.
 * - The first line names the SHA-256 of the rest: the code cache is keyed by it (V8 itself only
 *   compares the source's length).
 * - First, copies of the env's import hook (dist/src/env/esm-hook.cjs, esm-resolve.cjs) go to
 *   dist/node_modules/.ssdp-env-hook/, which envs load (env/node-options.ts HOOK_FILE): Node's test
 *   coverage leaves out files under a node_modules folder, so a user's `node --test
 *   --experimental-test-coverage` in an env no longer counts ssdp's hook as their code (tester s16
 *   try13t T5). An installed ssdp is under node_modules already and uses dist/src's when there is no copy.
 * Without esbuild (a node_modules installed before it was a devDependency) this says so and
 * exits 0: bin/ssdp then runs dist/src as before.
 *
 * Usage: node scripts/bundle-cli.mjs [DIST]   (DIST defaults to ./dist next to this folder)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist'));
const entry = join(dist, 'src', 'cli', 'entry.js');
const outDir = join(dist, 'bundle');

const hookDir = join(dist, 'node_modules', '.ssdp-env-hook');
mkdirSync(hookDir, { recursive: true });
for (const name of ['esm-hook.cjs', 'esm-resolve.cjs']) {
  const tmp = join(hookDir, `${name}.${process.pid}.tmp`);
  writeFileSync(tmp, readFileSync(join(dist, 'src', 'env', name)));
  renameSync(tmp, join(hookDir, name));
}

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('bundle-cli: esbuild is not installed (npm ci installs it); bin/ssdp runs dist/src without a bundle\n');
  process.exit(0);
}

/** Whether a package, as require() would resolve it from dist, is an ES module (undefined: not installed). */
function esOnly(name) {
  let file;
  try {
    file = createRequire(join(dist, 'x.js')).resolve(name);
  } catch (e) {
    // No "require" condition in its exports: an ES-only package.
    return e?.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' ? true : undefined;
  }
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs') || !file.endsWith('.js')) return false;
  for (let d = dirname(file); d !== dirname(d); d = dirname(d)) {
    const manifest = join(d, 'package.json');
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).type === 'module';
  }
  return false;
}

/**
 * esbuild's require() of each ES-only package, from a dynamic import(), made an import() again
 * (__ssdpImport, see the banner). A static import of one cannot be: the build fails naming it.
 */
function importEsOnly(code, what) {
  const names = new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]).filter((n) => !isBuiltin(n)));
  for (const name of names) {
    if (!esOnly(name)) continue;
    const quoted = JSON.stringify(name);
    code = code.replaceAll(`Promise.resolve().then(() => __toESM(require(${quoted})))`, `__ssdpImport(${quoted})`);
    code = code.replaceAll(`Promise.resolve().then(() => __toESM(require(${quoted}), 1))`, `__ssdpImport(${quoted})`);
    if (code.includes(`require(${quoted})`)) {
      process.stderr.write(`bundle-cli: ${name} is an ES-only package imported statically by a module of ${what}; import it with await import('${name}') where it is needed (Node may not require() it)\n`);
      process.exit(1);
    }
  }
  return code;
}

/**
 * import.meta.url of each compiled module, as the URL of its own file in dist/src; an import() of
 * a computed specifier (`import(url)`, never a string literal nor the `import()` of a message) as
 * __ssdpImport(...), a real import() (see the banner).
 */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8').replace(/(?<![\w$.])import\((?=\s*[A-Za-z_$])/g, '__ssdpImport(');
      if (contents.includes('import.meta.url')) {
        const rel = relative(outDir, args.path).split('\\').join('/');
        contents = `const __ssdpModuleUrl = new URL(${JSON.stringify(rel)}, __ssdpBundleUrl).href;\n${contents}`;
      }
      return { contents, loader: 'js' };
    });
  },
};

/**
 * Command modules bin/ssdp never runs from the env commands' bundle (src/cli/launch-env.cts sends
 * only the env commands there): left out with all they alone import (task engine, workflows,
 * activation), so the bundle and its code cache hold only what those commands reach (360 KiB
 * instead of 750). Reached anyway (launch-env.cts's lists out of step with these), they fail
 * loudly. cli/main.ts loads workflow/stop-signals for a workflow run only.
 */
const LEFT_OUT = ['cli/commands/run.js', 'cli/commands/worker.js', 'cli/commands/shell.js', 'shell/commands.js', 'workflow/stop-signals.js'];
/**
 * The same for the run commands' bundle (run, tasks, worker): the env, package and shell commands.
 * `ssdp worker` runs from it too (each Slurm worker job, and a test suite, start one many times):
 * the engine and broker code it loads are the same modules `ssdp run --broker` loads.
 */
const RUN_LEFT_OUT = ['cli/commands/packages.js', 'cli/commands/shell.js', 'shell/commands.js'];

/**
 * npm packages bundled into the run commands' bundle, with what they import: execa, which every
 * `ssdp run` that starts a child (a cmd: step, `ssdp run -n ENV -- CMD`) loads. As an ES package
 * it costs Node's ESM loader and ~40 modules, about 250 ms of CPU per start; bundled it is CommonJS
 * code compiled with the rest from the code cache (~90 ms without the cache). And yaml, which
 * every `ssdp run` and `ssdp tasks` loads to read ssdp.yaml: required from node_modules it is 74
 * files found, read and compiled at each start (~80 ms of CPU), bundled it comes with the rest from
 * the code cache. The env commands' bundle keeps both external: most env commands never start a
 * child, and only those reading or writing a spec file load yaml.
 */
const RUN_INLINED = ['execa', 'yaml'];
/**
 * npm packages bundled into the env commands' bundle: semver, which every resolve loads (a create
 * or update whose remembered resolution misses, a --dry-run, an install). Required from
 * node_modules it is ~50 files found, read and compiled one by one; bundled it is compiled with
 * the rest (and kept in the code cache), evaluated only when the resolver first requires it.
 * A resolve from cached metadata (`env create --dry-run` with SSDP_NO_RESOLUTION_CACHE=1, three
 * packages) went from 487 M to 431 M instructions (callgrind, medians of 3). A warm create that hits its remembered
 * resolution never loads it.
 */
const ENV_INLINED = ['semver'];

const BUNDLES = [
  { file: 'ssdp-env.cjs', what: "the env commands'", leftOut: LEFT_OUT, inlined: ENV_INLINED },
  { file: 'ssdp-run.cjs', what: "the run commands'", leftOut: RUN_LEFT_OUT, inlined: RUN_INLINED },
];

/**
 * Every npm package stays external (required or imported at run time from node_modules) but those
 * named, and what they import in turn, which are bundled.
 */
function externalPackages(inlined) {
  return {
    name: 'external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const fromPackage = /[\\/]node_modules[\\/]/.test(args.importer);
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        return fromPackage || inlined.includes(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

/** Stubs that throw for the modules a bundle leaves out. */
function leaveOut(files, what) {
  const paths = files.map((f) => join(dist, 'src', f));
  return {
    name: 'leave-out-other-commands',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, (args) => {
        if (!paths.includes(args.path)) return undefined;
        const which = relative(dist, args.path);
        return { contents: `throw new Error(${JSON.stringify(`ssdp: ${which} is not in ${what} bundle (src/cli/launch-env.cts sent another command to it); run with SSDP_NO_BUNDLE=1`)});`, loader: 'js' };
      });
    },
  };
}

// Code caches of earlier bundles are of no use any more.
rmSync(join(outDir, 'code-cache'), { recursive: true, force: true });
for (const { file, what, leftOut, inlined } of BUNDLES) await bundle(join(outDir, file), what, leftOut, inlined);

async function bundle(out, what, leftOut, inlined) {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    outfile: out,
    plugins: [externalPackages(inlined), leaveOut(leftOut, what), ownUrl],
    // Replaced in each module's own scope by the constant ownUrl put at its top.
    define: { 'import.meta.url': '__ssdpModuleUrl' },
    // import() becomes require(): a vm.Script run from V8's code cache has no dynamic import
    // callback on Node 20 (its host options are not kept in the cache). ES-only packages are
    // import()ed again below, through __ssdpImport: src/cli/launch-env.cts's own import() there.
    supported: { 'dynamic-import': false },
    banner: {
      js: '"use strict"; const __ssdpBundleUrl = require("node:url").pathToFileURL(__filename).href; const __ssdpImport = globalThis[Symbol.for("ssdp.import")] ?? ((specifier) => import(specifier));',
    },
    legalComments: 'none',
    logLevel: 'warning',
  });
  const code = importEsOnly(result.outputFiles.find((f) => f.path === out).text, what.replace(/'$/, ''));
  const hash = createHash('sha256').update(code).digest('hex');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(out + '.tmp', `// ssdp-bundle ${hash}\n${code}`);
  renameSync(out + '.tmp', out);
  process.stderr.write(`bundle-cli: ${relative(process.cwd(), out)} (${(code.length / 1024).toFixed(0)} KiB)\n`);
}

/**
 * The env commands' start (create, install, remove, ...: the ones a user waits on most often,
 * where Node's start is most of a warm run): they run from one bundled CommonJS file,
 * dist/bundle/ssdp-env.cjs (made by scripts/bundle-cli.mjs after tsc), and `ssdp run` and
 * `ssdp tasks` from dist/bundle/ssdp-run.cjs (a test suite starts `run` hundreds of times), when it is there and not
 * older than this build's ./entry.js: one file to read and compile instead of ~45 ES modules
 * resolved, read and compiled one by one. Its compiled code is kept in V8's code cache, next to
 * the bundle and named by the bundle's SHA-256 (module.enableCompileCache on Node 22+; on
 * Node 20 vm.Script cachedData, written when missing or refused).
 *
 * CommonJS itself: bin/ssdp's shell part starts node on this file for the env commands, since an
 * ES module as the program (bin/ssdp is one) costs Node's ESM loader, about a quarter of
 * `node -e 0`'s instructions again. Without a usable bundle, for other commands, and with
 * SSDP_NO_BUNDLE set (to anything but 0 or nothing), it imports ./entry.js as before (what the tests that spawn the CLI run);
 * bin/ssdp run through a symlink (npm's bin links) comes here through ./launch.ts.
 */
import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module = require('node:module');
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/**
 * The commands bin/ssdp also takes NODE_EXTRA_CA_CERTS aside for. The bundle holds only what they
 * reach: scripts/bundle-cli.mjs leaves the other commands' modules out (LEFT_OUT there). bin/ssdp
 * names the same commands twice; test/cli/env-command-lists.test.ts checks that all agree.
 */
export const BUNDLED = new Set(['create', 'install', 'remove', 'update', 'env', 'list', 'clean']);
/**
 * The commands of the run bundle (RUN_LEFT_OUT in scripts/bundle-cli.mjs leaves the others out);
 * bin/ssdp starts this launcher for them too, but keeps NODE_EXTRA_CA_CERTS for them as it is.
 */
export const RUN_BUNDLED = new Set(['run', 'tasks']);
const BUNDLE_DIR = join(__dirname, '..', '..', 'bundle');
const ENTRY = join(__dirname, 'entry.js');

/** The bundle file for a command; undefined: it runs from dist/src. */
function bundleFor(command: string): string | undefined {
  if (BUNDLED.has(command)) return join(BUNDLE_DIR, 'ssdp-env.cjs');
  if (RUN_BUNDLED.has(command)) return join(BUNDLE_DIR, 'ssdp-run.cjs');
  return undefined;
}

/**
 * The bundle's source and hash when it may run: present, from this build or a later one, and its
 * content the one its first line names (a truncated copy would die of a SyntaxError every time).
 */
function usableBundle(file: string, entry = ENTRY): { source: string; hash: string } | undefined {
  const source = readBundle(file, statSync(entry).mtimeMs);
  if (source === undefined) return undefined;
  const line = /^\/\/ ssdp-bundle ([0-9a-f]{64})\n/.exec(source);
  const hash = line?.[1];
  return hash && sha256(source.slice(line[0].length)).toString('hex') === hash ? { source, hash } : undefined;
}

/**
 * The bundle's text when it is a regular file not older than the entry (tsc rewrites every output:
 * an entry newer than the bundle means dist/src was rebuilt without it, and the bundle holds older
 * code); whatever cannot be read as one (a folder, a FIFO, mode 000 for this user: tester s16
 * try13t T4) is no bundle either, and dist/src runs the command. Opened with O_NONBLOCK and checked
 * by fstat of what was opened, as util/read-regular.ts does (a FIFO's open would block for ever);
 * not that module itself, which is an ES module this CommonJS start would pay a loader for.
 */
function readBundle(file: string, entryMtimeMs: number): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    return st.isFile() && st.mtimeMs >= entryMtimeMs ? readFileSync(fd, 'utf8') : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

// Required here, not at the top: the commands that do not run the bundle (and SSDP_NO_BUNDLE) need no crypto.
const sha256 = (data: string | Uint8Array): Buffer => (require('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(data).digest();

/**
 * A code-cache file is the SHA-256 of its payload, then the payload: V8 on Node 20 checks only a
 * cache's header (versions, flags, source length), and damaged bytes past it crash the process
 * (a V8 fatal error or a segfault) on every run. A file that does not match is not given to V8,
 * and is written again by the next successful run.
 */
function readCodeCache(cacheFile: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined; // not made yet
  }
  const payload = data.subarray(32);
  return payload.length > 0 && sha256(payload).equals(data.subarray(0, 32)) ? payload : undefined;
}

/**
 * Where the compiled code of a bundle is kept: per bundle, Node build and command, since V8 keeps
 * the functions a run compiled, and `env remove` compiles little of what `env create` runs.
 */
function codeCacheFile(file: string, hash: string, argv: readonly string[]): string {
  const command = (argv[0] === 'env' ? `env-${argv[1] ?? ''}` : argv[0] === 'run' && inEnv(argv) ? 'run-in-env' : argv[0] ?? '').replace(/[^a-z-]/g, '');
  return join(dirname(file), 'code-cache', `${hash.slice(0, 32)}-${process.version}-${process.arch}-${command}.bin`);
}

/** `ssdp run -n ENV CMD` (or -p), which compiles other code than a workflow run. */
function inEnv(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return argv.slice(0, end < 0 ? undefined : end).some((a) => a === '-n' || a === '-p' || a.startsWith('--name') || a.startsWith('--prefix') || /^-[np]./.test(a));
}

/** Runs the bundle as Node runs a CommonJS file, with its compiled code from the cache when V8 takes it. */
function runBundle(file: string, bundle: { source: string; hash: string }): void {
  const moduleApi = Module as unknown as { enableCompileCache?: (dir: string) => unknown; wrap(source: string): string };
  if (typeof moduleApi.enableCompileCache === 'function') {
    // Node 22+: its own cache, keyed by the content.
    moduleApi.enableCompileCache(join(dirname(file), 'code-cache'));
    Module.createRequire(file)(file);
    return;
  }
  const cacheFile = codeCacheFile(file, bundle.hash, process.argv.slice(2));
  const cachedData = readCodeCache(cacheFile);
  const script = new Script(moduleApi.wrap(bundle.source), {
    filename: file,
    cachedData,
  });
  if (cachedData === undefined || script.cachedDataRejected === true) {
    // Made at exit, so it also holds the functions this command compiled, not just the top level;
    // not after a failure, which ran little of the command.
    process.once('exit', (code) => {
      if (code !== 0) return;
      // V8 refuses a cache made under other flags than its own at start, and a create switches the
      // optimising compiler off for its file loop (util/short-lived.ts): switched back on first
      // (harmless now), or every create would find the cache refused and write it again.
      setFlagsFromString('--opt');
      saveCodeCache(cacheFile, () => script.createCachedData());
    });
  }
  // The bundle's import() of ES-only packages (scripts/bundle-cli.mjs): a script run from V8's code
  // cache has no dynamic import callback on Node 20, this module has Node's own.
  (globalThis as Record<symbol, unknown>)[Symbol.for('ssdp.import')] = (specifier: string) => import(specifier);
  const mod = { exports: {}, filename: file, id: '.', loaded: false };
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  fn.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
}

/** Writes the cache whole or not at all (another ssdp may read it at the same moment); a read-only install simply goes without. */
function saveCodeCache(cacheFile: string, make: () => Buffer): void {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const payload = make();
    writeFileSync(tmp, Buffer.concat([sha256(payload), payload]));
    renameSync(tmp, cacheFile);
  } catch {
    // Only speed is lost; a part written before the disk filled is not left behind, one more each
    // run (tester s16 try13t T10).
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* a read-only install made none */
    }
  }
}

/** Runs the command of this process from its bundle when it may; false when dist/src must run it. */
export function runFromBundle(): boolean {
  // SSDP_NO_BUNDLE=0 or empty reads as "not switched off", as such switches usually do.
  const off = process.env.SSDP_NO_BUNDLE;
  const file = off === undefined || off === '' || off === '0' ? bundleFor(process.argv[2] ?? '') : undefined;
  const bundle = file === undefined ? undefined : usableBundle(file);
  if (bundle) runBundle(file!, bundle);
  return bundle !== undefined;
}

// Started by bin/ssdp as the program: the bundle, or the ES entry.
if (require.main === module && !runFromBundle()) void import(pathToFileURL(ENTRY).href);

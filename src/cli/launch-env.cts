/**
 * The env commands' start (create, install, remove, ...: the ones a user waits on most often,
 * where Node's start is most of a warm run): they run from one bundled CommonJS file,
 * dist/bundle/ssdp-env.cjs (made by scripts/bundle-cli.mjs after tsc), and `ssdp run`,
 * `ssdp tasks` and `ssdp worker` from dist/bundle/ssdp-run.cjs (a test suite starts `run` hundreds of times), when it is there and not
 * older than this build's ./entry.js: one file to read and compile instead of ~45 ES modules
 * resolved, read and compiled one by one. Its compiled code is kept in V8's code cache, next to
 * the bundle and named by the bundle's SHA-256 (module.enableCompileCache on Node 22+; on
 * Node 20 vm.Script cachedData, written when missing or refused). Both files are checked whole
 * (SHA-256) only when no stamp vouches that neither changed since a run last did (see Stamp).
 *
 * CommonJS itself: bin/ssdp's shell part starts node on this file for the env commands, since an
 * ES module as the program (bin/ssdp is one) costs Node's ESM loader, about a quarter of
 * `node -e 0`'s instructions again. Without a usable bundle, for other commands, and with
 * SSDP_NO_BUNDLE set (to anything but 0 or nothing), it imports ./entry.js as before (what the tests that spawn the CLI run);
 * bin/ssdp run through a symlink (npm's bin links) comes here through ./launch.ts.
 */
import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
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
export const RUN_BUNDLED = new Set(['run', 'tasks', 'worker']);
const BUNDLE_DIR = join(__dirname, '..', '..', 'bundle');
const ENTRY = join(__dirname, 'entry.js');

/** The bundle file for a command; undefined: it runs from dist/src. */
function bundleFor(command: string): string | undefined {
  if (BUNDLED.has(command)) return join(BUNDLE_DIR, 'ssdp-env.cjs');
  if (RUN_BUNDLED.has(command)) return join(BUNDLE_DIR, 'ssdp-run.cjs');
  return undefined;
}

/** A bundle that may run once its content is known to be the one its first line names (see bundleIntact). */
interface Bundle {
  source: string;
  hash: string;
  /** Where the content its hash line covers begins. */
  body: number;
  identity: Identity;
}

/**
 * The bundle's source and hash line when it may run: a regular file, from this build or a later
 * one, headed by its hash line. Whether the content is the one that line names (a truncated copy
 * would die of a SyntaxError every time) is bundleIntact's question, asked unless a stamp says
 * the file is unchanged since it was last answered (runBundle).
 */
function usableBundle(file: string, entry = ENTRY): Bundle | undefined {
  const entryMtimeMs = statSync(entry).mtimeMs;
  const read = readRegular(file);
  // An entry newer than the bundle: dist/src was rebuilt (tsc rewrites every output) without it,
  // and the bundle holds older code.
  if (read === undefined || read.stats.mtimeMs < entryMtimeMs) return undefined;
  const source = read.data.toString('utf8');
  const line = /^\/\/ ssdp-bundle ([0-9a-f]{64})\n/.exec(source);
  return line ? { source, hash: line[1]!, body: line[0].length, identity: identityOf(read.stats) } : undefined;
}

/** The bundle's content is the one its hash line names (SHA-256 of what follows the line). */
const bundleIntact = (b: Bundle): boolean => sha256(b.source.slice(b.body)).toString('hex') === b.hash;

/**
 * A file's bytes and stat when it is a regular file this user can read; undefined for whatever
 * cannot be read as one (missing, a folder, a FIFO, mode 000 for this user: tester s16 try13t T4).
 * Opened with O_NONBLOCK and checked by fstat of what was opened, as util/read-regular.ts does (a
 * FIFO's open would block for ever); not that module itself, which is an ES module this CommonJS
 * start would pay a loader for.
 */
function readRegular(file: string): { data: Buffer; stats: Stats } | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    return stats.isFile() ? { data: readFileSync(fd), stats } : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

// Required here, not at the top: the commands that do not run the bundle (and SSDP_NO_BUNDLE) need no crypto,
// nor does a start whose stamp holds (loading it and hashing ~0.9 MB was ~8% of a warm create's instructions).
const sha256 = (data: string | Uint8Array): Buffer => (require('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(data).digest();

/**
 * What tells one version of a file from another without reading it: device, inode, size, mtime,
 * ctime. A write, truncation, rename over or copy over the file changes one of them (ctime is set
 * by the kernel on every change and cannot be set back by a user, unlike mtime).
 */
type Identity = [number, number, number, number, number];
const identityOf = (st: Stats): Identity => [st.dev, st.ino, st.size, st.mtimeMs, st.ctimeMs];
const sameIdentity = (a: unknown, b: Identity): boolean => Array.isArray(a) && a.length === b.length && b.every((v, i) => a[i] === v);

/**
 * A stamp (next to a code-cache file, as FILE.stamp) says: the bundle and the cache file with these
 * identities were checked whole (bundleIntact, cacheIntact) by a run. A later start whose two files
 * still have them skips both SHA-256 passes and node:crypto. Taken at `at`, before the files were
 * stat'ed: file times are kept to a clock tick (a jiffy; 2 s on FAT), so a change in the same tick as
 * the stat could leave every field as it was; a stamp counts only once the files' ctime is that far
 * before `at` (git's "racily clean" rule), else the next run checks the content and stamps again.
 */
interface Stamp {
  at: number;
  bundle: Identity;
  cache: Identity;
}
const SETTLED_MS = 2000;

function stampHolds(stampFile: string, bundle: Identity, cache: Identity): boolean {
  const read = readRegular(stampFile);
  if (read === undefined) return false;
  let s: Partial<Stamp>;
  try {
    s = JSON.parse(read.data.toString('utf8')) as Partial<Stamp>;
  } catch {
    return false;
  }
  return typeof s.at === 'number' && sameIdentity(s.bundle, bundle) && sameIdentity(s.cache, cache) && s.at - bundle[4] >= SETTLED_MS && s.at - cache[4] >= SETTLED_MS;
}

/** Writes a stamp whole or not at all; a read-only install goes without (and checks every time, as before). */
function writeStamp(stampFile: string, stamp: Stamp): void {
  writeWhole(stampFile, Buffer.from(JSON.stringify(stamp)));
}

/**
 * Writes FILE through a temp file renamed over it (another ssdp may read it at the same moment);
 * returns the identity of what it wrote, or undefined when it could not (only speed is lost; a part
 * written before the disk filled is not left behind: tester s16 try13t T10).
 */
function writeWhole(file: string, data: Uint8Array): Identity | undefined {
  const tmp = `${file}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    fd = openSync(tmp, 'w');
    for (let done = 0; done < data.length; ) done += writeSync(fd, data, done);
    renameSync(tmp, file);
    // After the rename, which sets the ctime a later start will see.
    return identityOf(fstatSync(fd));
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* a read-only install made none */
    }
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A code-cache file is the SHA-256 of its payload, then the payload: V8 on Node 20 checks only a
 * cache's header (versions, flags, source length), and damaged bytes past it crash the process
 * (a V8 fatal error or a segfault) on every run. A file that does not match is not given to V8,
 * and is written again by the next successful run.
 */
const cacheIntact = (data: Buffer): boolean => data.length > 32 && sha256(data.subarray(32)).equals(data.subarray(0, 32));

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

/**
 * Runs the bundle as Node runs a CommonJS file, with its compiled code from the cache when V8 takes
 * it; false (nothing run) when the bundle's content is not the one its hash line names.
 */
function runBundle(file: string, bundle: Bundle, at: number): boolean {
  const moduleApi = Module as unknown as { enableCompileCache?: (dir: string) => unknown; wrap(source: string): string };
  if (typeof moduleApi.enableCompileCache === 'function') {
    // Node 22+: its own cache, keyed by the content.
    if (!bundleIntact(bundle)) return false;
    moduleApi.enableCompileCache(join(dirname(file), 'code-cache'));
    Module.createRequire(file)(file);
    return true;
  }
  const cacheFile = codeCacheFile(file, bundle.hash, process.argv.slice(2));
  const stampFile = `${cacheFile}.stamp`;
  const cache = readRegular(cacheFile);
  const cacheId = cache && identityOf(cache.stats);
  let cachedData: Buffer | undefined;
  if (cache && stampHolds(stampFile, bundle.identity, cacheId!)) {
    cachedData = cache.data.subarray(32);
  } else {
    if (!bundleIntact(bundle)) return false;
    if (cache && cacheIntact(cache.data)) {
      cachedData = cache.data.subarray(32);
      writeStamp(stampFile, { at, bundle: bundle.identity, cache: cacheId! });
    }
  }
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
      saveCodeCache(cacheFile, stampFile, bundle, () => script.createCachedData());
    });
  }
  // The bundle's import() of ES-only packages (scripts/bundle-cli.mjs): a script run from V8's code
  // cache has no dynamic import callback on Node 20, this module has Node's own.
  (globalThis as Record<symbol, unknown>)[Symbol.for('ssdp.import')] = (specifier: string) => import(specifier);
  const mod = { exports: {}, filename: file, id: '.', loaded: false };
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  fn.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  return true;
}

/** Writes the cache and its stamp (the bundle was checked whole before it ran); a read-only install simply goes without. */
function saveCodeCache(cacheFile: string, stampFile: string, bundle: Bundle, make: () => Buffer): void {
  const at = Date.now();
  let payload: Buffer;
  try {
    payload = make();
  } catch {
    return;
  }
  const cache = writeWhole(cacheFile, Buffer.concat([sha256(payload), payload]));
  if (cache) writeStamp(stampFile, { at, bundle: bundle.identity, cache });
}

/** Runs the command of this process from its bundle when it may; false when dist/src must run it. */
export function runFromBundle(): boolean {
  // Before any file is stat'ed: see Stamp.
  const at = Date.now();
  // SSDP_NO_BUNDLE=0 or empty reads as "not switched off", as such switches usually do.
  const off = process.env.SSDP_NO_BUNDLE;
  const file = off === undefined || off === '' || off === '0' ? bundleFor(process.argv[2] ?? '') : undefined;
  const bundle = file === undefined ? undefined : usableBundle(file);
  return bundle !== undefined && runBundle(file!, bundle, at);
}

// Started by bin/ssdp as the program: the bundle, or the ES entry.
if (require.main === module && !runFromBundle()) void import(pathToFileURL(ENTRY).href);

/**
 * Where things live. An ssdp root holds the package store, caches and named envs; an env prefix
 * uses npm's global layout so tools that know npm find their way around it:
 *
 *   ROOT/envs/NAME/                 a named env (any other path works with -p)
 *   ROOT/store/v1/                  content-addressed packages (see src/store)
 *   ROOT/cache/metadata-v1/         registry metadata cache (see src/resolve)
 *   PREFIX/bin/                     executables (node itself when pinned, package bins)
 *   PREFIX/lib/node_modules/        packages, hoisted; NODE_PATH points here
 *   PREFIX/etc/ssdp/activate.d/     scripts sourced on activation (*.sh, *.bash, *.zsh, *.fish)
 *   PREFIX/etc/ssdp/deactivate.d/   scripts sourced on deactivation
 *   PREFIX/ssdp-meta/               ssdp's own state: env.json, lock.json, history/
 *
 * This module is imported on the activation fast path: keep it free of heavy imports.
 */
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { expandHome, homeFolder } from '../util/home-path.js';
import { NotRegularFileError, readRegularFile } from '../util/read-regular.js';
import { fnv64Hex } from '../util/light-hash.js';
// Not `import ... from 'node:fs'`: its ESM facade loads fs/promises and the whole streams stack
// (~20 internal modules), a measurable share of an activation that should cost one Node start.
const { statSync } = process.getBuiltinModule('node:fs');

export const META_DIR = 'ssdp-meta';
export const ENV_STATE_FILE = 'env.json';
export const LOCK_FILE = 'lock.json';

/**
 * The ssdp root: --root, else $SSDP_ROOT (empty counts as unset), else ~/.ssdp; `~` expanded.
 * An existing file there is refused here, before any command trips over it.
 */
export function resolveRoot(explicit?: string): string {
  const given = explicit ?? (process.env.SSDP_ROOT || undefined);
  const root = given === undefined ? join(homeFolder(), '.ssdp') : expandHome(given);
  let st;
  try {
    st = statSync(root, { throwIfNoEntry: false });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOTDIR') throw e;
    st = { isDirectory: () => false }; // a file further up the path
  }
  if (st && !st.isDirectory()) {
    throw new SsdpError('E_ROOT_NOT_A_FOLDER', `the ssdp root ${root} is not a folder (a file is in the way).`, {
      hint: `Point ${explicit !== undefined ? '--root' : 'SSDP_ROOT'} at a folder (an existing root or a new path); nothing was changed.`,
    });
  }
  checkRootPlace(root, explicit !== undefined ? '--root' : 'SSDP_ROOT');
  return root;
}

/**
 * A root holds envs, caches and a store that ssdp creates and sweeps: never `/`, never inside
 * another root (its store, caches or ROOT/tools), never an env or inside one (an env's change
 * replaces its whole folder). A few stat calls up the path.
 */
function checkRootPlace(root: string, via: string): void {
  const abs = resolve(root);
  const refuse = (why: string) =>
    new SsdpError('E_ROOT_PROTECTED', `the ssdp root ${root} ${why}.`, { hint: `Point ${via} at a folder of its own (e.g. ~/.ssdp); nothing was changed.` });
  if (dirname(abs) === abs) throw refuse('is the file system root: ssdp would create cache/, envs/, locks/ and store/ there');
  const stat = (p: string) => {
    try {
      return statSync(p, { throwIfNoEntry: false });
    } catch {
      return undefined; // EACCES, ENOTDIR: not an env or root we could act on
    }
  };
  const isDir = (p: string) => stat(p)?.isDirectory() ?? false;
  const isRoot = (a: string) => isDir(join(a, 'store', 'v1')) && (isDir(join(a, 'envs')) || isDir(join(a, 'locks')));
  // $HOME (or a folder holding it) would get cache/, envs/, locks/ and store/ among the user's files.
  const home = resolve(homedir());
  if (home === abs || home.startsWith(abs + '/')) throw refuse(abs === home ? 'is your home folder' : `contains your home folder ${home}`);
  // A folder holding a root would lock that root out of its own envs: one readdir, only on a
  // root's first use (an existing root is taken as it is).
  if (!isRoot(abs)) {
    const { readdirSync } = process.getBuiltinModule('node:fs');
    let names: string[] = [];
    try {
      names = readdirSync(abs);
    } catch {
      names = [];
    }
    const inner = names.find((n) => isRoot(join(abs, n)));
    if (inner) throw refuse(`contains the ssdp root ${join(abs, inner)}; use that one (--root ${join(abs, inner)}) or a folder of its own`);
  }
  for (let a = abs; ; a = dirname(a)) {
    if (isDir(join(a, META_DIR)) && stat(join(a, META_DIR, ENV_STATE_FILE))) {
      throw refuse(a === abs ? 'is an existing env' : `is inside the env ${a}`);
    }
    if (a !== abs && isDir(join(a, 'store', 'v1')) && (isDir(join(a, 'envs')) || isDir(join(a, 'locks')))) {
      throw refuse(`is inside the ssdp root ${a}${abs.startsWith(join(a, 'store') + '/') ? ' (in its package store)' : ''}`);
    }
    if (dirname(a) === a) return;
  }
}

export const rootLayout = (root: string) => ({
  root,
  envs: join(root, 'envs'),
  store: join(root, 'store', 'v1'),
  metadataCache: join(root, 'cache', 'metadata-v1'),
  locks: join(root, 'locks'),
});

export const prefixLayout = (prefix: string) => ({
  prefix,
  bin: join(prefix, 'bin'),
  nodeModules: join(prefix, 'lib', 'node_modules'),
  activateD: join(prefix, 'etc', 'ssdp', 'activate.d'),
  deactivateD: join(prefix, 'etc', 'ssdp', 'deactivate.d'),
  meta: join(prefix, META_DIR),
  stateFile: join(prefix, META_DIR, ENV_STATE_FILE),
  lockFile: join(prefix, META_DIR, LOCK_FILE),
  history: join(prefix, META_DIR, 'history'),
});

/**
 * What activation and `ssdp run` need to know about an env, written by the env lifecycle into
 * PREFIX/ssdp-meta/env.json on every change.
 */
export interface EnvState {
  /** Display name: the env's name under the root, or the basename of a -p prefix. */
  name: string;
  /** Environment variables set on activation and by `ssdp run` (values already resolved). */
  variables: Record<string, string>;
  /** Pinned Node.js version, when the env has one (its binary is PREFIX/bin/node). */
  node?: string;
  /** The current revision number (see `ssdp list --revisions`). */
  revision: number;
  /** The spec as the user asked for it (for export --from-history and update). */
  requested: string[];
  /** Requested file: entries the user wrote as relative paths (export writes them relative to where it goes). */
  relative?: string[];
  /** Requested file: entries the user wrote in the home folder (`file:~/pk`): export writes them with `~/` again. */
  home?: string[];
  /** Where the spec came from, when created from a file. */
  specFile?: string;
  channels?: string[];
  allowScripts?: string[];
  /** Minimum release age: only versions published before this ISO date. */
  before?: string;
  /**
   * The form of the bin wrappers in PREFIX/bin (BIN_WRAPPER_FORM when written by this ssdp;
   * absent in envs written before it was recorded, whose wrappers `ssdp run`, activation and
   * `clean --verify` check once: see env/old-wrappers.ts).
   */
  wrappers?: number;
}

/**
 * 2: a bin wrapper is JavaScript as well as sh, so `node $(which TOOL)` runs it (8e5f6e1, tester
 * s21 try13v V2). The sh-only wrappers of envs written before stay until rewritten (s22 try13w C6).
 */
export const BIN_WRAPPER_FORM = 2;

/** Whether an env's bin wrappers may be of an older form than this ssdp writes (one field compare). */
export const mayHoldOldWrappers = (s: { wrappers?: unknown }): boolean => !(typeof s.wrappers === 'number' && s.wrappers >= BIN_WRAPPER_FORM);

/** Reads env.json; undefined when the path is not an ssdp env; E_ENV_CORRUPT when it is damaged. */
export function readEnvState(prefix: string): EnvState | undefined {
  const file = prefixLayout(prefix).stateFile;
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (e) {
    // A FIFO or device there would block the read for ever (the tester's s14 B5): damage.
    if (e instanceof NotRegularFileError && e.what !== 'a folder') throw damagedEnv(file, `it is ${e.what}, not a regular file`);
    return undefined;
  }
  let s: EnvState;
  try {
    s = JSON.parse(text) as EnvState;
  } catch (e) {
    throw damagedEnv(file, `it is not valid JSON (${(e as Error).message})`);
  }
  // Only what every reader relies on; activation checks variables more closely (src/shell).
  if (typeof s !== 'object' || s === null || Array.isArray(s)) throw damagedEnv(file, 'it is not a JSON object');
  if (typeof s.name !== 'string' || !Number.isInteger(s.revision) || !Array.isArray(s.requested) || typeof s.variables !== 'object' || s.variables === null) {
    throw damagedEnv(file, 'name, revision, requested or variables is missing or of the wrong type');
  }
  const wrong = wrongField(s);
  if (wrong) throw damagedEnv(file, wrong);
  return s;
}

/** The most revisions an env may have: a larger number is a hand edit (1e300 printed as 1e+300). */
const MAX_REVISION = 1_000_000;
const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * Every field of env.json checked once, where it is read, so a hand edit is E_ENV_CORRUPT naming
 * the field for every command, not a TypeError deep in one of them (s18 try8k K17), and a
 * revision of -5 or 1e300 does not number (and overwrite) history files (K12).
 */
function wrongField(s: EnvState): string | undefined {
  if (s.revision < 0 || s.revision > MAX_REVISION) return `revision is ${s.revision}, not a whole number from 0 to ${MAX_REVISION}`;
  if (!strings(s.requested)) return "requested is not a list of strings";
  if (Array.isArray(s.variables)) return 'variables is a list, not a map of names to strings';
  const bad = Object.entries(s.variables).find(([, v]) => typeof v !== 'string');
  if (bad) return `the value of variable ${bad[0]} is not a string`;
  for (const key of ['channels', 'allowScripts', 'relative', 'home'] as const) {
    if (s[key] !== undefined && !strings(s[key])) return `${key} is not a list of strings`;
  }
  for (const key of ['node', 'specFile', 'before'] as const) {
    if (s[key] !== undefined && typeof s[key] !== 'string') return `${key} is not a string`;
  }
  if (s.before !== undefined && Number.isNaN(Date.parse(s.before))) return `before is '${s.before}', not a date`;
  return undefined;
}

/** `why` undefined: the file is missing. A parser's message may quote the file: kept to one line. */
export function damagedEnv(file: string, why: string | undefined): SsdpError {
  return new SsdpError('E_ENV_CORRUPT', why === undefined ? `${file} is missing.` : `${file} is damaged: ${why.replace(/\s+/g, ' ')}.`, {
    hint: 'Remove the env with ssdp env remove, or replace it with ssdp env create --force (your own files in it are kept).',
  });
}

const ENV_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Longest env folder name, in bytes, that the folders ssdp makes next to an env while changing it
 * (src/env/swap.ts: .NAME.ssdp-staging-HEX-PID and kin) carry as it is. With the longest suffix
 * (`.ssdp-undeletable-`, 12 hex, `-`, a 7-digit pid) and the leading dot that stays under the 255
 * bytes a file name may have.
 */
const STEM_MAX = 200;

/**
 * The part of a leftover folder's name that stands for the env's folder name: the name itself, or,
 * for a longer one (a legal 201-255 byte name made `.NAME.ssdp-staging-…` too long to create, s17
 * try8i I2), its first 160 bytes, `~` and a 64-bit hash of the whole name. Here, not in swap.ts,
 * because the activation fast path (src/shell/target.ts) looks for a swap's trash folder too.
 */
export function leftoverStem(name: string): string {
  if (Buffer.byteLength(name) <= STEM_MAX) return name;
  let cut = '';
  for (const ch of name) {
    if (Buffer.byteLength(cut + ch) > 160) break;
    cut += ch;
  }
  return `${cut}~${fnv64Hex(name)}`;
}

export function isValidEnvName(name: string): boolean {
  return ENV_NAME.test(name) && name.length <= 100;
}

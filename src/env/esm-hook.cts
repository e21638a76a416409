/**
 * Loaded into every Node.js process of an env through NODE_OPTIONS=--require=<this file>
 * (see node-options.ts): registers the resolve hooks of esm-resolve.cts for the folders on
 * NODE_PATH. On a Node.js without module hooks it does nothing, and `require` keeps working
 * through NODE_PATH alone.
 *
 * CommonJS and loaded with --require, not --import: any --import in NODE_OPTIONS makes Node run
 * the main script through the ESM loader, which ignores require.extensions, so `node -r
 * ts-node/register x.ts` (tsx/cjs, @babel/register, ...) would fail with ERR_UNKNOWN_FILE_EXTENSION
 * in every activated shell. A --require preload leaves Node's choice of loader as it was.
 */
import nodeModule = require('node:module'); // the real module object: its register is replaced below
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { holdsPackage, importsTarget, isBare, packageName, resolveSync, setFolders } from './esm-resolve.cjs';

type Register = (specifier: string | URL, parentURL?: string | URL, options?: unknown) => void;
const api = nodeModule as unknown as {
  registerHooks?: (hooks: { resolve: typeof resolveSync }) => { deregister?: () => void } | undefined;
  register?: Register;
  syncBuiltinESMExports?: () => void;
};

const originalRegister = api.register;

/** Registers the asynchronous flavour in Node's hooks thread (module.register). */
function registerAsync(folders: string[]): void {
  originalRegister?.('./esm-resolve.cjs', pathToFileURL(__filename).href, { data: { folders } });
}

// Per thread (a worker has its own globalThis and module registry), so the hooks go in once even
// when both NODE_OPTIONS and the env's bin/node preload (env/node-shim.ts) ask for them.
const STARTED = Symbol.for('ssdp.esm-hook.started');

/**
 * Serves `folders` (the env's lib/node_modules) to `import`, once per thread: later calls do
 * nothing. Called below with the NODE_PATH folders, and by the env's own preload
 * (ssdp-meta/node_modules/node-hook.cjs) when NODE_PATH had none of them at this file's first load (a user's
 * own NODE_PATH=src beside the env's NODE_OPTIONS).
 */
export function useFolders(folders: string[]): void {
  const state = globalThis as { [STARTED]?: boolean };
  if (state[STARTED] || !folders.length || inNodesHooksThread()) return;
  state[STARTED] = true;
  if (typeof api.registerHooks === 'function' && !(syncHooksBreakAsyncOnes() && userLoaderFlag())) {
    setFolders(folders);
    const hooks = api.registerHooks({ resolve: resolveSync });
    if (syncHooksBreakAsyncOnes()) moveToAsyncOnUserRegister(hooks, folders);
  } else if (typeof api.register === 'function' && mayStartWorkers()) {
    registerAsync(folders);
  }
  wrapRequireResolution(folders);
}

useFolders((process.env.NODE_PATH ?? '').split(':').filter((f) => f.startsWith('/')));

/**
 * Node's own hooks thread (of module.register and --loader) runs the preloads of NODE_OPTIONS
 * too. Hooks registered there would sit in the chain a second time (Node 20: every miss looked
 * up twice) or, on Node 22, put the sync hook in front of the user's async loader while it loads.
 * It is the only worker without a parentPort (isInternalThread from Node 22.14).
 */
function inNodesHooksThread(): boolean {
  const threads = require('node:worker_threads') as { isMainThread: boolean; isInternalThread?: boolean; parentPort: unknown };
  return threads.isInternalThread ?? (!threads.isMainThread && threads.parentPort === null);
}

/**
 * Before Node 24 a synchronous registerHooks resolve hook whose `next` reaches an asynchronous
 * hook of the user's (module.register, --loader, --experimental-loader: import-in-the-middle,
 * esmock, ts-node/esm) throws ERR_METHOD_NOT_IMPLEMENTED for every import, the main script's too.
 */
function syncHooksBreakAsyncOnes(): boolean {
  return Number(process.versions.node.split('.')[0]) < 24;
}

/** A --loader/--experimental-loader on the command line or in NODE_OPTIONS: async hooks from the start. */
function userLoaderFlag(): boolean {
  const words = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return words.some((w) => /^--(experimental-)?loader(=|$)/.test(w));
}

/**
 * On such a Node, the first module.register of the user's takes the env's sync hook out and puts
 * its async flavour in first, so the user's hook (registered after, so run before it) reaches it
 * through `next`. ESM's `import { register } from 'node:module'` sees the wrapper through
 * syncBuiltinESMExports.
 */
function moveToAsyncOnUserRegister(hooks: { deregister?: () => void } | undefined, folders: string[]): void {
  const original = originalRegister;
  if (typeof original !== 'function' || typeof hooks?.deregister !== 'function' || !mayStartWorkers()) return;
  let moved = false;
  const wrapped: Register = function (this: unknown, ...args) {
    if (!moved) {
      moved = true;
      hooks.deregister?.();
      registerAsync(folders);
    }
    return original.apply(this, args);
  };
  (nodeModule as unknown as { register: Register }).register = wrapped;
  api.syncBuiltinESMExports?.();
}

/**
 * module.register runs the hooks in a thread of their own, which Node's permission model refuses
 * without --allow-worker, and node would stop before the script: then `import` goes without the
 * env's packages and `require` still finds them through NODE_PATH.
 */
function mayStartWorkers(): boolean {
  const permission = (process as unknown as { permission?: { has(scope: string): boolean } }).permission;
  return !permission || permission.has('worker');
}

/**
 * Node's CommonJS resolver, wrapped as tsconfig-paths and module-alias do, for two things
 * NODE_PATH alone gets wrong (registerHooks and module.register do not serve `require` on Node 20).
 *
 * `require('#name')` of the script's own package.json "imports" mapping to a bare name looks for
 * that name only in the package's node_modules, never on NODE_PATH: only after Node found
 * nothing, the mapped name is required instead, which then also looks on NODE_PATH.
 *
 * A package the caller's node_modules chain holds is that copy, as after npm install: a file
 * missing from it (`require('moment/locale/ku-kmr')` with the project's older moment) fell through
 * NODE_PATH to the env's copy, another version, mixed into the process (try13y Y2). Such a
 * request is resolved once more with the env's folders out of Node's lookup paths, so the answer
 * is Node's own: its MODULE_NOT_FOUND, or a copy on a folder of the user's own NODE_PATH.
 */
function wrapRequireResolution(folders: string[]): void {
  type Parent = { filename?: string | null; paths?: string[] } | undefined;
  type Resolve = (request: string, parent: Parent, ...rest: unknown[]) => string;
  type Lookup = (request: string, parent: Parent) => string[] | null;
  type Cjs = { _resolveFilename?: Resolve; _resolveLookupPaths?: Lookup; _nodeModulePaths?: (from: string) => string[] };
  const cjs = (nodeModule as unknown as { Module: Cjs }).Module;
  const original = cjs._resolveFilename;
  if (typeof original !== 'function') return;
  // The env folders among `folders`, each as NODE_PATH spells it and as resolved (Node's found
  // files are real paths), worked out at the first require of a package name.
  let envFolders: { given: string; real: string }[] | undefined;
  // The env folder `found` fell through to past the caller's own copy of its package, if any.
  const passedOwnCopy = (found: unknown, request: string, parent: Parent, options: unknown): { given: string; real: string } | undefined => {
    if (typeof found !== 'string' || found[0] !== '/' || !isBare(request)) return undefined;
    envFolders ??= folders.map((given) => ({ given, real: realpathOr(given) })).filter((f) => readable(() => existsSync(join(f.real, '..', '..', 'ssdp-meta'))));
    const folder = envFolders.find((f) => found.startsWith(`${f.real}/`));
    if (folder === undefined) return undefined;
    // Node's chain of node_modules folders for this request, as _resolveFilename builds it.
    const from = (options as { paths?: unknown } | undefined)?.paths;
    const chain = Array.isArray(from) ? from.flatMap((p) => cjs._nodeModulePaths?.(String(p)) ?? []) : parent?.paths;
    // Reached through the caller's chain: an env package's own requires.
    if (!chain || chain.includes(folder.real) || chain.includes(folder.given)) return undefined;
    let own = false;
    for (const dir of chain) {
      if (!readable(() => holdsPackage(dir, request))) continue;
      // A project's link into the env (node_modules/x -> the env's x) is where Node found it.
      if (found.startsWith(`${realpathOr(join(dir, packageName(request)))}/`)) return undefined;
      own = true;
    }
    return own ? folder : undefined;
  };
  // Anything but a '#name' goes to Node untouched, and a failure is never rethrown from here (it
  // read as thrown by this file, T11): the failing call runs again outside the catch instead.
  const resolveOwn = function (this: unknown, request: string, parent: Parent, rest: unknown[]): string {
    const found = original.call(this, request, parent, ...rest);
    const folder = passedOwnCopy(found, request, parent, rest[1]);
    const lookup = cjs._resolveLookupPaths;
    if (folder === undefined || typeof lookup !== 'function') return found;
    cjs._resolveLookupPaths = function (this: unknown, req, par) {
      return lookup.call(this, req, par)?.filter((p) => p !== folder.given && p !== folder.real && realpathOr(p) !== folder.real) ?? null;
    };
    try {
      return original.call(this, request, parent, ...rest);
    } finally {
      cjs._resolveLookupPaths = lookup;
    }
  };
  cjs._resolveFilename = function (this: unknown, request, parent, ...rest) {
    if (request[0] !== '#' || !parent?.filename) return resolveOwn.call(this, request, parent, rest);
    let bare: string | undefined;
    try {
      return original.call(this, request, parent, ...rest);
    } catch (e) {
      if ((e as { code?: string }).code === 'MODULE_NOT_FOUND') bare = importsTarget(request, pathToFileURL(parent.filename).href, ['node', 'require']);
    }
    return resolveOwn.call(this, bare ?? request, parent, rest);
  };
}

/**
 * What `look` says, or false where Node's permission model denies the look (a folder the user
 * did not allow: existsSync and statSync throw ERR_ACCESS_DENIED there): Node's answer stands.
 */
function readable(look: () => boolean): boolean {
  try {
    return look();
  } catch {
    return false;
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

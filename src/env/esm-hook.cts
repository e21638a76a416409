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
import * as nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';
import { importsTarget, resolveSync, setFolders } from './esm-resolve.cjs';

const folders = (process.env.NODE_PATH ?? '').split(':').filter((f) => f.startsWith('/'));
const api = nodeModule as unknown as {
  registerHooks?: (hooks: { resolve: typeof resolveSync }) => unknown;
  register?: (specifier: string, parentURL: string, options: { data: unknown }) => void;
};

if (folders.length) {
  if (typeof api.registerHooks === 'function') {
    setFolders(folders);
    api.registerHooks({ resolve: resolveSync });
  } else if (typeof api.register === 'function' && mayStartWorkers()) {
    api.register('./esm-resolve.cjs', pathToFileURL(__filename).href, { data: { folders } });
  }
  requireImportsThroughNodePath();
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
 * `require('#name')` of the script's own package.json "imports" mapping to a bare name looks for
 * that name only in the package's node_modules, never on NODE_PATH, and module.register's hooks
 * do not serve `require`. Node offers no hook for it before registerHooks, so the CommonJS
 * resolver is wrapped, as tsconfig-paths and module-alias do: only after Node found nothing, the
 * mapped name is required instead, which then also looks on NODE_PATH.
 */
function requireImportsThroughNodePath(): void {
  type Resolve = (request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]) => string;
  const cjs = (nodeModule as unknown as { Module: { _resolveFilename?: Resolve } }).Module;
  const original = cjs._resolveFilename;
  if (typeof original !== 'function') return;
  cjs._resolveFilename = function (this: unknown, request, parent, ...rest) {
    try {
      return original.call(this, request, parent, ...rest);
    } catch (e) {
      if (request[0] !== '#' || (e as { code?: string }).code !== 'MODULE_NOT_FOUND' || !parent?.filename) throw e;
      const bare = importsTarget(request, pathToFileURL(parent.filename).href, ['node', 'require']);
      if (bare === undefined) throw e;
      return original.call(this, bare, parent, ...rest);
    }
  };
}

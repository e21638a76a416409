/**
 * Resolve hooks that let `import` find an env's packages the way `require` finds them through
 * NODE_PATH. A bare specifier is first resolved as Node would (so the project's own node_modules
 * win); only when that finds nothing is it resolved again from each NODE_PATH folder in turn.
 * A `#name` import of the script's own package.json "imports" that maps to a bare name gets the
 * same second try with that name (Node resolves it only from the package's node_modules).
 * Both hook flavours are here: the synchronous one for `module.registerHooks` (Node 22.15+,
 * in-thread and cheap) and the asynchronous one for `module.register` (Node 20.6+, loaded in
 * Node's hooks thread, which receives the folders as `data`).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Context = { parentURL?: string; conditions?: readonly string[]; importAttributes?: Record<string, string> };
type Resolved = { url: string; format?: string | null; shortCircuit?: boolean };

let folders: string[] = [];

/** Called by module.register with the NODE_PATH folders of the registering process. */
export function initialize(data: { folders: string[] } | undefined): void {
  folders = data?.folders ?? [];
}

export function setFolders(list: string[]): void {
  folders = list;
}

/** 'lodash-es', '@scope/pkg/sub': not relative, absolute, a URL, nor a `#import` of the package. */
export function isBare(specifier: string): boolean {
  return !/^(\.{0,2}\/|#|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);
}

/** A file URL inside `folder`, so that resolving from it looks in `folder` first. */
function parentIn(folder: string): string {
  return pathToFileURL(join(folder, '_')).href;
}

// MODULE_NOT_FOUND: what `require` throws when registerHooks serves it too.
const notFound = (e: unknown) => ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'].includes((e as { code?: string })?.code ?? '');

/** The package.json "imports" of the package `file` belongs to (the nearest one above it). */
function packageImports(file: string): Record<string, unknown> | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    let text: string | undefined;
    try {
      text = readFileSync(join(dir, 'package.json'), 'utf8');
    } catch {
      // none here: look further up
    }
    if (text !== undefined) {
      try {
        const imports = (JSON.parse(text) as { imports?: unknown }).imports;
        return imports && typeof imports === 'object' && !Array.isArray(imports) ? (imports as Record<string, unknown>) : undefined;
      } catch {
        return undefined; // Node has already reported a broken package.json
      }
    }
    if (dir === dirname(dir) || dir.endsWith('/node_modules')) return undefined;
  }
}

/** A target of an imports entry with `*` replaced and conditions chosen as Node does. */
function pickTarget(target: unknown, star: string, conditions: readonly string[]): string | undefined {
  if (typeof target === 'string') return target.replaceAll('*', star);
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = pickTarget(t, star, conditions);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (target && typeof target === 'object') {
    for (const [cond, t] of Object.entries(target)) {
      if (cond !== 'default' && !conditions.includes(cond)) continue;
      const r = pickTarget(t, star, conditions);
      if (r !== undefined) return r;
    }
  }
  return undefined;
}

/**
 * The bare package name `#specifier` maps to in the imports of the package around `parentURL`,
 * or undefined (no such entry, or it maps to a file of the package, which Node finds itself).
 */
export function importsTarget(specifier: string, parentURL: string | undefined, conditions: readonly string[]): string | undefined {
  if (!specifier.startsWith('#') || !parentURL?.startsWith('file:')) return undefined;
  const imports = packageImports(fileURLToPath(parentURL));
  if (!imports) return undefined;
  let target: string | undefined;
  if (!specifier.includes('*') && Object.hasOwn(imports, specifier)) target = pickTarget(imports[specifier], '', conditions);
  else {
    // Patterns "#a/*": the longest prefix wins, as in Node's PATTERN_KEY_COMPARE.
    let best: string | undefined;
    for (const key of Object.keys(imports)) {
      const i = key.indexOf('*');
      if (i < 0 || key.indexOf('*', i + 1) >= 0) continue;
      const [pre, post] = [key.slice(0, i), key.slice(i + 1)];
      if (specifier.length < key.length || !specifier.startsWith(pre) || !specifier.endsWith(post) || specifier === pre) continue;
      if (best === undefined || pre.length > best.indexOf('*') || (pre.length === best.indexOf('*') && key.length > best.length)) best = key;
    }
    if (best !== undefined) {
      const i = best.indexOf('*');
      target = pickTarget(imports[best], specifier.slice(i, specifier.length - (best.length - i - 1)), conditions);
    }
  }
  return target !== undefined && isBare(target) ? target : undefined;
}

const DEFAULT_CONDITIONS = ['node', 'import'];

/** What to look up in the env's folders after Node found nothing: the specifier or its imports target. */
function fallbackFor(specifier: string, context: Context): string | undefined {
  const bare = isBare(specifier) ? specifier : importsTarget(specifier, context.parentURL, context.conditions ?? DEFAULT_CONDITIONS);
  // Node stopped at the project's own copy of the package: a file missing there is the project's
  // error, as after npm install, not a file of the env's copy (another version) mixed in (try13y Y2).
  return bare !== undefined && importerSeesPackage(bare, context.parentURL) ? undefined : bare;
}

/**
 * Whether a node_modules folder above the importer holds the package `bare` names: Node's ESM
 * resolver stops at the first such folder, so a miss there is a miss of that copy.
 */
function importerSeesPackage(bare: string, parentURL: string | undefined): boolean {
  if (!parentURL?.startsWith('file:')) return false;
  let dir = dirname(fileURLToPath(parentURL));
  for (;;) {
    if (basename(dir) !== 'node_modules' && holdsPackage(join(dir, 'node_modules'), bare)) return true;
    const up = dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
}

/** 'lodash-es' of 'lodash-es/chunk', '@scope/pkg' of '@scope/pkg/sub'. */
export function packageName(bare: string): string {
  const parts = bare.split('/');
  return parts.slice(0, bare.startsWith('@') ? 2 : 1).join('/');
}

/** Whether `folder` holds the package `bare` names: Node's ESM resolver stops at such a folder. */
export function holdsPackage(folder: string, bare: string): boolean {
  return statSync(join(folder, packageName(bare)), { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * An ESM error Node gave for the package found in `folder` (its file missing, a subpath not
 * exported, ...) names the stand-in importer `folder/_` (tester s18 try13v V5): it is made to
 * name the user's importing file, as the same import gives after npm install. CommonJS errors
 * (MODULE_NOT_FOUND) are left alone: `require` searched NODE_PATH itself on the first try.
 * Returns undefined when there is nothing to change.
 */
function namingImporter(error: unknown, folder: string, parentURL: string | undefined): Error | undefined {
  const e = error as Error & { code?: unknown };
  if (!(e instanceof Error) || typeof e.code !== 'string' || e.code === 'MODULE_NOT_FOUND') return undefined;
  const stand = ` imported from ${join(folder, '_')}`;
  if (!e.message.includes(stand)) return undefined;
  const real = parentURL?.startsWith('file:') ? ` imported from ${fileURLToPath(parentURL)}` : '';
  e.message = e.message.replace(stand, real);
  if (typeof e.stack === 'string') e.stack = e.stack.replace(stand, real);
  return e;
}

/**
 * In-thread, an error rethrown here was shown as thrown by this file (its line and \`throw e;\`
 * first, tester s16 try13t T11): a user's own typo read like a crash of ssdp's. So a miss is
 * never rethrown: the failing resolution runs once more outside any catch, and Node's error
 * leaves from Node's own frame, naming the user's importing file as without the env. Only
 * failures pay for it. The one exception is an ESM error about a package found in an env folder
 * (V5), thrown with the user's importer named: Node shows an ESM resolution error at the place
 * the error was made (Node's resolver), wherever it was thrown from.
 */
export function resolveSync(specifier: string, context: Context, next: (s: string, c?: Context) => Resolved): Resolved {
  let bare: string | undefined;
  // Node's chain remembers the context of the last next() call: the user's is given back whole.
  const asGiven = { ...context };
  try {
    return next(specifier, context);
  } catch (e) {
    bare = notFound(e) ? fallbackFor(specifier, context) : undefined;
  }
  if (bare !== undefined) {
    let found: Error | undefined;
    for (const folder of folders) {
      const inFolder = { ...context, parentURL: parentIn(folder) };
      try {
        return next(bare, inFolder);
      } catch (again) {
        const named = holdsPackage(folder, bare) ? namingImporter(again, folder, asGiven.parentURL) : undefined;
        if (named && !notFound(named)) throw named;
        if (!notFound(again)) return next(bare, inFolder);
        found ??= named;
      }
    }
    if (found) throw found;
  }
  return next(specifier, asGiven);
}

export async function resolve(specifier: string, context: Context, next: (s: string, c?: Context) => Promise<Resolved>): Promise<Resolved> {
  // Node 20's chain writes the context of the last next() call into this one.
  const importer = context.parentURL;
  try {
    return await next(specifier, context);
  } catch (e) {
    const bare = notFound(e) ? fallbackFor(specifier, context) : undefined;
    if (bare === undefined) throw e;
    // The first folder holding the package but not the file gives the error, as in an npm tree
    // (V5: "Cannot find module '.../lodash-es/chunk'", not "Cannot find package 'lodash-es'").
    let found: Error | undefined;
    for (const folder of folders) {
      try {
        return await next(bare, { ...context, parentURL: parentIn(folder) });
      } catch (again) {
        const named = holdsPackage(folder, bare) ? namingImporter(again, folder, importer) : undefined;
        if (!notFound(again)) throw named ?? again;
        found ??= named;
      }
    }
    throw found ?? e;
  }
}

/**
 * A folder spec that is an npm workspaces root (its package.json lists `workspaces`): the env gets
 * what `npm install` run in that folder puts in its node_modules: each workspace package (as a
 * folder package of its own, with its dependencies; a sibling asked for by version range resolves
 * to the sibling's folder, as npm links it) and the root's own dependencies and devDependencies.
 * The root itself is no package there, so none in the env either. Installed as one folder package
 * instead, as `npm install ../mono` and `npm install -g ./mono` do (npm 11 ignores the workspaces
 * of a folder it installs as a dependency), the env got only the root, usually private and empty:
 * an env asked for a monorepo wants the monorepo's packages and tools (issue 13 B3; refused with
 * E_WORKSPACE_ROOT before). The requests are replaced by their parts before anything resolves, so
 * the env's requests, lock, list, export, remove and update name each workspace package as if the
 * user had named its folder. An aliased root (`x@./mono`) names one package: still refused
 * (resolve/sources.ts).
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve as resolvePath, sep } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { workspaceFolders, workspaceRootAt } from '../util/npm-workspaces.js';
import type { Written } from './spec.js';

/** The folder of an unaliased `file:` request when it is a workspaces root, with its package.json read. */
function workspaceRoot(request: string): { dir: string; manifest: Record<string, unknown>; patterns: string[] } | undefined {
  if (!request.startsWith('file:')) return undefined;
  const dir = resolvePath(request.slice(5));
  const root = workspaceRootAt(dir);
  return root && { dir, ...root };
}

/** Whether an absolute request (absoluteSource's) is an unaliased workspaces root folder. */
export function isWorkspaceRoot(request: string): boolean {
  return workspaceRoot(request) !== undefined;
}

/**
 * `requested` (absolute, as absoluteSource gives them) with each workspaces root replaced by its
 * workspace folders and its root's dependencies; `written` gets an entry for each, naming where
 * the root was written. `absolute(spec, base)` is absoluteSource (a root's `file:` dependency is
 * relative to the root).
 */
export function expandWorkspaceRoots(requested: string[], written: Record<string, Written>, absolute: (raw: string, base: string) => string): string[] {
  const out: string[] = [];
  for (const entry of requested) {
    const root = workspaceRoot(entry);
    if (!root) {
      out.push(entry);
      continue;
    }
    const was = written[entry];
    const file = join(root.dir, 'package.json');
    const folders = workspaceFolders(root.dir, root.patterns);
    if (folders.length === 0) {
      throw new SsdpError('E_WORKSPACE_ROOT', `the folder ${root.dir} is an npm workspaces root (${file} lists "workspaces": ${JSON.stringify(root.patterns)}), but no folder with a package.json matches those patterns, so there is no workspace package to install; nothing was changed`, {
        hint: `check the "workspaces" patterns in ${file}, or name the package folders you want (ssdp install -n ENV ./path/to/package)`,
      });
    }
    const names = new Set<string>();
    for (const f of folders) {
      const spec = `file:${f}`;
      try {
        names.add(String((JSON.parse(readFileSync(join(f, 'package.json'), 'utf8')) as { name?: unknown }).name));
      } catch {
        // its packing says what is wrong with it
      }
      if (out.includes(spec)) continue;
      out.push(spec);
      const rel = relative(root.dir, f).split(sep).join('/');
      written[spec] ??= { where: `${was?.where ?? `'${entry}'`} (its workspace ${rel})`, text: was && !/^(?:file:)?\//.test(was.text.trim()) ? `./${rel}` : f };
    }
    // The root's own dependencies, as npm install there installs them; a workspace named among
    // them is that workspace (npm links it), not a registry package.
    for (const field of ['dependencies', 'devDependencies'] as const) {
      const deps = root.manifest[field];
      if (!deps || typeof deps !== 'object') continue;
      for (const [name, range] of Object.entries(deps as Record<string, unknown>)) {
        if (names.has(name)) continue;
        if (typeof range !== 'string') {
          throw new SsdpError('E_BAD_SPEC', `${file}: ${field}.${name} is ${JSON.stringify(range)}, not a version range or spec string; nothing was changed`, { hint: `write ${field}.${name} as a string such as "^1.2.0" in ${file}` });
        }
        const spec = absolute(`${name}@${range.trim() || '*'}`, root.dir);
        if (out.includes(spec)) continue;
        out.push(spec);
        written[spec] ??= { where: `${file} ${field}.${name} (of ${was?.where ?? `'${entry}'`})`, text: `${name}@${range}` };
      }
    }
    delete written[entry];
  }
  return out;
}

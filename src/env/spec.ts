/**
 * Env spec files in the shape of conda's environment.yml, or a lockfile written by
 * `ssdp env export --lock` (recognised by content, installed exactly without resolving).
 *
 *   name: radar
 *   channels: [npm]            # npm = the user's npm registry; URLs allowed
 *   dependencies: [node=22, utif2@^4]
 *   variables: {RADAR_DATA: ./data}
 *   allow-scripts: [esbuild]   # packages whose install scripts may run
 *   before: 2024-06-01         # minimum release age
 *   prefix: ./env              # where, when no -n/-p and no name: (relative to this file)
 *
 * Every complaint names FILE:LINE:COLUMN so a user can jump straight to it.
 */
import { readFileSync } from 'node:fs';
import { utf8TextOf } from '../util/strict-text.js';
import { dirname, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SsdpError } from '../util/errors.js';
import type { Lockfile } from '../resolve/types.js';
import { expandHome } from '../util/home-path.js';
import { isValidEnvName } from './prefix.js';
import { managedVariable, managedVariableHint } from './managed-variables.js';
import { expandWorkspaceRoots } from './workspace-roots.js';

export interface EnvSpec {
  file: string;
  name?: string;
  channels: string[];
  /** Dependency strings as written (each checked with parseRequest), file: paths made absolute. */
  dependencies: string[];
  /** How each dependency was written: FILE:LINE:COL and the text before its path was made absolute. */
  written: Record<string, Written>;
  /** Kept verbatim, as conda does: relative paths are relative to where the env is used. */
  variables: Record<string, string>;
  allowScripts: string[];
  before?: Date;
  /** `prefix:` made absolute (relative to the spec file's folder, ~ expanded), and FILE:LINE:COL of it. */
  prefix?: { path: string; where: string };
}

/** Where a request was written (for errors naming both of two entries) and its text there. */
export interface Written {
  where: string;
  text: string;
}

/** `relative`: the lock's requests that it wrote relative to its folder, made absolute (export writes them relative again). */
export type SpecInput = { kind: 'spec'; spec: EnvSpec } | { kind: 'lock'; lock: Lockfile; file: string; relative: string[]; home: string[] };

const KNOWN_KEYS = ['name', 'channels', 'dependencies', 'variables', 'allow-scripts', 'before', 'prefix'];

/** Parses a date for `before:` / `--before`; throws E_BAD_DATE (caller adds the position). */
/**
 * A calendar date or ISO time. Date itself rolls impossible days over (2023-02-30 becomes
 * March 2) and reads `0` as the year 2000, so the fields are checked against what was written.
 */
export function parseBefore(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text.trim());
  const d = new Date(text.trim());
  const [y, mo, day, h = '0', mi = '0', sec = '0'] = m ? m.slice(1) : [];
  const real = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(day)));
  if (
    !m ||
    Number.isNaN(d.getTime()) ||
    real.getUTCFullYear() !== Number(y) ||
    real.getUTCMonth() !== Number(mo) - 1 ||
    real.getUTCDate() !== Number(day) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(sec) > 59
  ) {
    throw new SsdpError('E_BAD_DATE', `'${text}' is not a date.`, { hint: 'Write it as YYYY-MM-DD or a full ISO time such as 2024-06-01T12:00:00Z.' });
  }
  return d;
}

export async function readSpecFile(file: string): Promise<SpecInput> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new SsdpError('E_SPEC_NOT_FOUND', `cannot read the spec file ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}).`, {
      hint: 'Check the path given to -f.',
    });
  }
  return parseSpecText(utf8TextOf(bytes, file), file);
}

/**
 * A lock's relative `file:` entries (export --lock writes the folders and tarballs the user wrote
 * relative that way, as npm's package-lock does) read from the lock file's folder, so a project
 * that moved with its lock recreates from it.
 */
function lockFilesFrom(lock: Lockfile, file: string): { lock: Lockfile; relative: string[]; home: string[] } {
  const base = dirname(resolvePath(file));
  // `file:~/pk` (export writes what the user wrote in the home folder so, s16 T9) is the reader's home.
  const place = (path: string) => (path.startsWith('~/') ? expandHome(path) : resolvePath(base, path));
  const isRelative = (spec: string) => /^file:(?!\/)/.test(spec);
  const relative: string[] = [];
  const home: string[] = [];
  const requested = lock.requested.map((raw) => {
    const m = /^((?:@[^/@]+\/)?[^/@]+@)?file:(?!\/)(.*)$/.exec(raw);
    if (!m) return raw;
    const abs = `${m[1] ?? ''}file:${place(m[2]!)}`;
    (m[2]!.startsWith('~/') ? home : relative).push(abs);
    return abs;
  });
  const packages = lock.packages.map((p) => (isRelative(p.resolved) ? { ...p, resolved: pathToFileURL(place(p.resolved.slice(5))).href } : p));
  return { lock: { ...lock, requested, packages }, relative, home };
}

export async function parseSpecText(text: string, file: string): Promise<SpecInput> {
  if (/^\s*\{/.test(text) && /"lockfileVersion"/.test(text)) {
    const [{ parseLockfile }, { checkLockRequests }] = await Promise.all([import('../resolve/index.js'), import('../resolve/lock-requests.js')]);
    const { lock, relative, home } = lockFilesFrom(parseLockfile(text, file), file);
    checkLockRequests(lock, file);
    return { kind: 'lock', lock, file, relative, home };
  }
  // yaml and the resolver load only when a spec file is read: `create -n X pkg` never pays.
  const [{ parseRequest, absoluteSource }, { isScalar }, { mapEntries, parseYamlSource, scalarString, seqItems, specError, where }] = await Promise.all([
    import('../resolve/index.js'),
    import('yaml'),
    import('../util/yaml-source.js'),
  ]);
  const src = parseYamlSource(text, file);
  const root = src.doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    throw new SsdpError('E_BAD_SPEC', `${file}: the spec file is empty.`, { hint: 'Give at least a dependencies: list.' });
  }
  const spec: EnvSpec = { file, channels: [], dependencies: [], written: {}, variables: {}, allowScripts: [] };
  let sawDeps = false;
  for (const { key, keyNode, value } of mapEntries(src, root, 'the spec file')) {
    switch (key) {
      case 'name': {
        const name = scalarString(src, value, 'name');
        if (!isValidEnvName(name)) {
          throw specError(src, value, `'${name}' is not a valid env name.`, 'Use letters, digits, _, - and . (not starting with . or -).');
        }
        spec.name = name;
        break;
      }
      case 'prefix': {
        // conda's export writes it; where it is used is decided in operations.ts (specTarget).
        const text = scalarString(src, value, 'prefix');
        if (text.trim() === '' || text.includes('\0')) {
          throw specError(src, value, `prefix: ${text.includes('\0') ? 'holds a NUL byte (\\0)' : 'is empty'}, so it names no folder.`, 'Write the folder for the env, e.g. prefix: ./env, or remove the line and give -p PATH.');
        }
        let path: string;
        try {
          // Relative to the spec file, as its file: dependencies are, so the env lands in the same place from any working folder.
          path = text.startsWith('~') ? expandHome(text) : resolvePath(dirname(resolvePath(file)), text);
        } catch (e) {
          throw specError(src, value, (e as Error).message, (e as SsdpError).hint);
        }
        spec.prefix = { path, where: where(src, value) };
        break;
      }
      case 'channels':
        for (const item of seqItems(src, value, 'channels')) {
          const ch = scalarString(src, item, 'a channel');
          if (ch !== 'npm' && ch !== 'defaults' && !/^https?:\/\//.test(ch)) {
            throw specError(src, item, `unknown channel '${ch}'.`, "Use 'npm' (the registry from your npm config) or a registry URL such as https://registry.npmjs.org.");
          }
          spec.channels.push(ch);
        }
        break;
      case 'dependencies':
        sawDeps = true;
        for (const item of seqItems(src, value, 'dependencies')) {
          if (!isScalar(item)) {
            throw specError(src, item, 'each dependency must be one string such as node=22 or utif2@^4.', 'Nested sections (like pip:) are not supported; list npm packages directly.');
          }
          const raw = scalarString(src, item, 'a dependency').trim();
          let source: string | undefined;
          try {
            // `.` and `..` are folders, as on the command line and for npm (`npm install ..`): the
            // spec file's own folder and its parent (try13u U5: "not a valid package name").
            source = parseRequest(/^\.\.?$/.test(raw) ? `${raw}/` : raw).source;
          } catch (e) {
            const msg = e instanceof Error ? e.message : String(e);
            throw specError(src, item, `bad dependency '${raw}': ${msg}`, (e as SsdpError).hint ?? 'Write a conda match spec (name, name=1.2, name>=1,<2) or an npm spec (name@^1).');
          }
          // file: paths in a spec are relative to the spec file, as in package.json.
          const dep = absoluteSource(raw, dirname(resolvePath(file)));
          // `./pk` and `file:pk` name one folder: one entry, so export writes it once.
          if (source !== undefined && spec.written[dep]) continue;
          spec.dependencies.push(dep);
          spec.written[dep] = { where: `${where(src, item)} (${raw})`, text: raw };
        }
        // A workspaces root is its workspace packages and its root's dependencies (env/workspace-roots.ts).
        spec.dependencies = expandWorkspaceRoots(spec.dependencies, spec.written, absoluteSource);
        break;
      case 'variables':
        if (value === null) break;
        for (const v of mapEntries(src, value, 'variables')) {
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.key)) {
            throw specError(src, v.keyNode, `'${v.key}' is not a valid environment variable name.`, 'Use letters, digits and _, not starting with a digit.');
          }
          const managed = managedVariable(v.key);
          if (managed) throw specError(src, v.keyNode, `variables: may not set ${v.key}: ${managed.why}.`, managedVariableHint(v.key, managed));
          spec.variables[v.key] = scalarString(src, v.value, `variable ${v.key}`);
          // The C environment ends a value at its first NUL, so no process could be given it.
          if (spec.variables[v.key]!.includes('\0')) {
            throw specError(src, v.value, `the value of variable ${v.key} holds a NUL byte (\\0), which no environment variable can hold.`, `Remove the NUL from the value of ${v.key}.`);
          }
        }
        break;
      case 'allow-scripts':
        for (const item of seqItems(src, value, 'allow-scripts')) spec.allowScripts.push(scalarString(src, item, 'a package name'));
        break;
      case 'before': {
        const text = scalarString(src, value, 'before');
        try {
          spec.before = parseBefore(text);
        } catch (e) {
          throw specError(src, value, (e as Error).message, (e as SsdpError).hint);
        }
        break;
      }
      default:
        throw specError(src, keyNode, `unknown key '${key}'.`, `Known keys: ${KNOWN_KEYS.join(', ')}.`);
    }
  }
  if (!sawDeps) throw specError(src, root, 'the spec has no dependencies: list.', 'Add dependencies: with at least one package, e.g. - node=22.');
  return { kind: 'spec', spec };
}

/** Splits `--allow-scripts a,b` (possibly repeated) into names. */
export function splitList(v: unknown): string[] {
  const items = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return items.flatMap((x) => String(x).split(',')).map((s) => s.trim()).filter(Boolean);
}

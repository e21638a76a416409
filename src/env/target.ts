/**
 * Which env a command means (-n NAME under the root, -p PATH anywhere, else the active one) and
 * the list of known envs: every folder under ROOT/envs plus the -p prefixes recorded in
 * ROOT/environments.txt (conda keeps the same kind of list in ~/.conda/environments.txt).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, renameSync, mkdirSync, appendFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { isValidEnvName, prefixLayout, readEnvState, rootLayout } from './prefix.js';

export interface EnvTarget {
  root: string;
  prefix: string;
  /** Name under the root, or the basename of a -p prefix. */
  name: string;
  /** True when given by -n (lives under ROOT/envs). */
  named: boolean;
}

export interface TargetArgs {
  name?: string;
  prefix?: string;
}

export function checkEnvName(name: string): void {
  if (!isValidEnvName(name)) {
    throw new SsdpError('E_BAD_ENV_NAME', `'${name}' is not a valid env name.`, {
      hint: 'Use letters, digits, _, - and . (not starting with . or -), at most 100 characters; or give a path with -p.',
    });
  }
}

/** Resolves -n/-p (or a fallback name, e.g. from a spec file; or the active env). */
export function resolveTarget(root: string, args: TargetArgs, fallbackName?: string, useActive = false): EnvTarget {
  if (args.name !== undefined && args.prefix !== undefined) {
    throw new SsdpError('E_BAD_ARGS', 'give either -n NAME or -p PATH, not both.');
  }
  if (args.prefix !== undefined) {
    const prefix = resolve(args.prefix);
    return { root, prefix, name: basename(prefix), named: false };
  }
  const name = args.name ?? fallbackName;
  if (name !== undefined) {
    checkEnvName(name);
    return { root, prefix: join(rootLayout(root).envs, name), name, named: true };
  }
  if (useActive && process.env.SSDP_PREFIX) {
    const prefix = resolve(process.env.SSDP_PREFIX);
    const named = resolve(join(rootLayout(root).envs, basename(prefix))) === prefix;
    return { root, prefix, name: basename(prefix), named };
  }
  if (useActive) throw new SsdpError('E_NO_ENV_GIVEN', 'no env given and none is active.', { hint: 'Name one with -n NAME or -p PATH, or activate one first.' });
  throw new SsdpError('E_NO_ENV_GIVEN', 'no env given.', { hint: 'Name it with -n NAME or -p PATH (a spec file can also give it a name: line).' });
}

export function requireEnv(t: EnvTarget): void {
  if (!readEnvState(t.prefix)) {
    throw new SsdpError('E_ENV_NOT_FOUND', `there is no env ${t.named ? `named '${t.name}'` : `at ${t.prefix}`}.`, {
      hint: existsSync(t.prefix) ? `${t.prefix} exists but is not an ssdp env.` : 'See ssdp env list; create one with ssdp env create.',
    });
  }
}

const registryFile = (root: string) => join(root, 'environments.txt');

function readRegistered(root: string): string[] {
  try {
    return readFileSync(registryFile(root), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** Records a -p prefix so `env list` and `clean` know it. Idempotent. */
export function registerPrefix(root: string, prefix: string): void {
  if (readRegistered(root).includes(prefix)) return;
  mkdirSync(root, { recursive: true });
  appendFileSync(registryFile(root), prefix + '\n');
}

export function unregisterPrefix(root: string, prefix: string): void {
  const kept = readRegistered(root).filter((p) => p !== prefix && existsSync(prefixLayout(p).stateFile));
  const tmp = `${registryFile(root)}.${process.pid}.tmp`;
  writeFileSync(tmp, kept.map((p) => p + '\n').join(''));
  renameSync(tmp, registryFile(root));
}

export interface EnvListing {
  name: string;
  prefix: string;
  active: boolean;
  node?: string;
  revision: number;
}

/** All envs under the root and registered -p prefixes, named ones first, each once. */
export function listEnvs(root: string): EnvListing[] {
  const active = process.env.SSDP_PREFIX ? resolve(process.env.SSDP_PREFIX) : undefined;
  const out: EnvListing[] = [];
  const seen = new Set<string>();
  const add = (prefix: string, name: string) => {
    if (seen.has(prefix)) return;
    let state;
    try {
      state = readEnvState(prefix);
    } catch {
      state = undefined;
    }
    if (!state) return;
    seen.add(prefix);
    out.push({ name, prefix, active: prefix === active, node: state.node, revision: state.revision });
  };
  const envsDir = rootLayout(root).envs;
  let names: string[] = [];
  try {
    names = readdirSync(envsDir).filter((n) => !n.startsWith('.')).sort();
  } catch {
    /* no envs yet */
  }
  for (const n of names) add(join(envsDir, n), n);
  for (const p of readRegistered(root)) add(p, basename(p));
  return out;
}

export function formatEnvList(envs: EnvListing[]): string {
  if (envs.length === 0) return '# no environments yet; create one with ssdp env create';
  const width = Math.max(...envs.map((e) => e.name.length), 4);
  return ['# ssdp environments:', '#', ...envs.map((e) => `${e.name.padEnd(width)}  ${e.active ? '*' : ' '}  ${e.prefix}`)].join('\n');
}

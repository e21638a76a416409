/**
 * Which registry to talk to: users already told npm (env vars, ~/.npmrc, a project .npmrc), so
 * ssdp reads the same settings instead of inventing its own. Channels in env files map here.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { currentFolderIfAny } from '../util/cwd.js';
import { SsdpError } from '../util/errors.js';

export const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

export interface NpmRegistryConfig {
  /** Default registry URL, always ending in `/`. */
  registry: string;
  /** `@scope` -> registry URL for `@scope:registry=` lines. */
  scopes: Record<string, string>;
  /** `//host/path/` -> bearer token from `//host/path/:_authToken=` lines. */
  authTokens: Record<string, string>;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : url + '/';
}

function expandEnv(value: string): string {
  return value.replace(/\$\{([^}]+)\}/g, (_, k: string) => process.env[k] ?? '');
}

/** ini-style `key=value` lines; `;` and `#` start comments. */
function readNpmrc(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t.startsWith(';') || t.startsWith('#')) continue;
    const eq = t.indexOf('=');
    if (eq <= 0) continue;
    let value = t.slice(eq + 1).trim();
    if (/^".*"$/.test(value) || /^'.*'$/.test(value)) value = value.slice(1, -1);
    out[t.slice(0, eq).trim()] = expandEnv(value);
  }
  return out;
}

/** Settings in npm's precedence: environment, then project .npmrc, then user .npmrc. */
export function npmRegistryConfig(cwd: string | undefined = currentFolderIfAny()): NpmRegistryConfig {
  const userFile = process.env.npm_config_userconfig ?? process.env.NPM_CONFIG_USERCONFIG ?? join(homedir(), '.npmrc');
  const merged: Record<string, string> = {};
  // Where each setting came from, so a bad registry URL is named with the file or variable to fix.
  const origin: Record<string, string> = {};
  // A deleted current folder holds no project .npmrc.
  for (const file of cwd === undefined ? [userFile] : [userFile, join(cwd, '.npmrc')]) {
    for (const [k, v] of Object.entries(readNpmrc(file))) [merged[k], origin[k]] = [v, file];
  }
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    const m = k.match(/^npm_config_(.+)$/i);
    if (!m) continue;
    const key = m[1]!.toLowerCase() === 'registry' ? 'registry' : m[1]!;
    [merged[key], origin[key]] = [v, `the environment variable ${k}`];
  }
  const registryUrl = (key: string): string => {
    const url = merged[key]!.trim();
    if (/^https?:\/\/[^/]/.test(url) && URL.canParse(url)) return withSlash(url);
    throw new SsdpError('E_BAD_CHANNEL', `the npm setting ${key}=${JSON.stringify(merged[key])} (from ${origin[key]}) is not an http(s) registry URL`, {
      hint: 'set it to a registry URL such as https://registry.npmjs.org/ (npm config set registry URL), or remove it to use the default',
    });
  };
  const cfg: NpmRegistryConfig = { registry: merged.registry ? registryUrl('registry') : DEFAULT_REGISTRY, scopes: {}, authTokens: {} };
  for (const [k, v] of Object.entries(merged)) {
    const scope = k.match(/^(@[^:]+):registry$/);
    if (scope && v) cfg.scopes[scope[1]!] = registryUrl(k);
    const auth = k.match(/^(\/\/.+\/):_authToken$/);
    if (auth && v) cfg.authTokens[auth[1]!] = v;
  }
  return cfg;
}

export function registryFromNpmConfig(cwd?: string): string {
  return npmRegistryConfig(cwd).registry;
}

/** `npm` (or `defaults`) -> the configured registry; a URL -> itself. */
export function channelToRegistry(channel: string, cwd?: string): string {
  const ch = channel.trim();
  if (ch === 'npm' || ch === 'defaults') return registryFromNpmConfig(cwd);
  if (/^https?:\/\//.test(ch)) {
    try {
      new URL(ch);
      return withSlash(ch);
    } catch {
      /* fall through to the error */
    }
  }
  throw new SsdpError('E_BAD_CHANNEL', `unknown channel '${channel}': ssdp installs from npm registries only`, {
    hint: "use 'npm' (the registry from your npm config) or a registry URL such as https://registry.npmjs.org/",
  });
}

/** The registry serving one package name: its scope's registry if configured, else the default. */
export function registryForName(name: string, registry: string, scopes: Record<string, string> = {}): string {
  if (name.startsWith('@')) {
    const scoped = scopes[name.slice(0, name.indexOf('/'))];
    if (scoped) return scoped;
  }
  return registry;
}

/** Bearer token for a URL from `//host/path/:_authToken` entries (longest matching prefix). */
export function authTokenFor(url: string, tokens: Record<string, string>): string | undefined {
  const bare = url.replace(/^https?:/, '');
  let best: string | undefined;
  for (const prefix of Object.keys(tokens)) {
    if (bare.startsWith(prefix) && (!best || prefix.length > best.length)) best = prefix;
  }
  return best ? tokens[best] : undefined;
}

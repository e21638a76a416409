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
  /** The credentials of the npm config, as npm sends them (see authHeaderFor). */
  auth: RegistryAuth;
  /** npm's own proxy settings (`https-proxy`, else `proxy`; `noproxy`); the environment's are util/proxy's. */
  proxy: { proxy?: string; noProxy?: string; from?: string };
}

/**
 * `//host[:port]/path/` (npm's "nerf dart" keys, as written, with or without the last slash) ->
 * the Authorization header npm sends there: `Bearer TOKEN` for `:_authToken`, `Basic ...` for
 * `:_auth` (base64 of user:password, sent as it is) or `:username` with `:_password` (base64 of
 * the password). `registries`: the configured registries, for npm's same-host rule.
 */
export interface RegistryAuth {
  headers: Record<string, string>;
  registries: string[];
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
    // npm skips empty values, and reads npm_config_https_proxy as https-proxy (a leading _ kept: _auth).
    if (v === undefined || v === '') continue;
    const m = k.match(/^npm_config_(.+)$/i);
    if (!m) continue;
    const key = m[1]!.startsWith('//') ? m[1]! : m[1]!.replace(/(?!^)_/g, '-').toLowerCase();
    [merged[key], origin[key]] = [v, `the environment variable ${k}`];
  }
  const registryUrl = (key: string): string => {
    const url = merged[key]!.trim();
    if (/^https?:\/\/[^/]/.test(url) && URL.canParse(url)) return withSlash(url);
    throw new SsdpError('E_BAD_CHANNEL', `the npm setting ${key}=${JSON.stringify(merged[key])} (from ${origin[key]}) is not an http(s) registry URL`, {
      hint: 'set it to a registry URL such as https://registry.npmjs.org/ (npm config set registry URL), or remove it to use the default',
    });
  };
  // npm's `proxy=false` turns its own setting off (the environment's still apply, as in npm).
  // Checked as a URL only when a request would use it (util/proxy.ts): a create that needs no
  // network is not stopped by it.
  const proxyKey = ['https-proxy', 'proxy'].find((k) => merged[k] && !/^(false|null)$/.test(merged[k]!.trim()));
  const registry = merged.registry ? registryUrl('registry') : DEFAULT_REGISTRY;
  const scopes: Record<string, string> = {};
  const regKeys = new Set<string>();
  for (const [k, v] of Object.entries(merged)) {
    const scope = k.match(/^(@[^:]+):registry$/);
    if (scope && v) scopes[scope[1]!] = registryUrl(k);
    const auth = k.match(/^(\/\/.+):(_authToken|_auth|username|_password)$/);
    if (auth && v) regKeys.add(auth[1]!);
  }
  const headers: Record<string, string> = {};
  for (const key of regKeys) {
    const header = authHeader(merged[`${key}:_authToken`], merged[`${key}:_auth`], merged[`${key}:username`], merged[`${key}:_password`]);
    if (header) headers[key] = header;
  }
  // The un-nerfed `_auth` (or `username` + `_password`) of older .npmrc files: npm's docs say it
  // goes to the default registry only (npm 11 refuses it and asks for //host/:_auth instead; pnpm
  // and npm 8 send it there). A credential written for that registry's own key wins.
  const legacy = authHeader(merged._authToken, merged._auth, merged.username, merged._password);
  if (legacy && !authHeaderFor(registry, { headers, registries: [] })) headers[nerfDart(registry)] = legacy;
  const cfg: NpmRegistryConfig = {
    registry,
    scopes,
    auth: { headers, registries: [registry, ...Object.values(scopes)] },
    proxy: { proxy: proxyKey && merged[proxyKey]!.trim(), from: proxyKey && `the npm setting ${proxyKey} (from ${origin[proxyKey]})`, noProxy: merged.noproxy || undefined },
  };
  return cfg;
}

/** npm's "nerf dart" of a registry URL: `//host[:port]/path/` (protocol, query and file part left out). */
export function nerfDart(url: string): string {
  const u = new URL('.', url);
  return `//${u.host}${u.pathname}`;
}

/** The Authorization header one key's settings give, in npm's order: token, _auth, username + _password. */
function authHeader(token?: string, auth?: string, username?: string, password?: string): string | undefined {
  if (token) return `Bearer ${token}`;
  if (auth) return `Basic ${auth}`;
  if (username && password) return `Basic ${Buffer.from(`${username}:${Buffer.from(password, 'base64').toString('utf8')}`).toString('base64')}`;
  return undefined;
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

/**
 * The Authorization header npm sends with a request to `url` (npm-registry-fetch's auth.js): the
 * credentials of the longest key that is `//host[:port]` followed by a leading part of the URL's
 * path, cut at a slash (`//r.example/npm/` and `//r.example/npm` both serve r.example/npm/x).
 * With none, a URL on the host of a configured registry (a tarball under another path) gets that
 * registry's. Any other host gets nothing: the token of one registry never goes to another.
 */
export function authHeaderFor(url: string, auth: RegistryAuth, registries: string[] = auth.registries): string | undefined {
  if (Object.keys(auth.headers).length === 0) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  for (let key = `//${u.host}${u.pathname}`; key.length > 2; key = key.replace(/([^/]+|\/)$/, '')) {
    const header = auth.headers[key];
    if (header) return header;
  }
  for (const registry of [...registries].sort((a, b) => b.length - a.length)) {
    if (registry !== url && URL.canParse(registry) && new URL(registry).host === u.host) {
      const header = authHeaderFor(registry, auth, []);
      if (header) return header;
    }
  }
  return undefined;
}

/**
 * npm's proxy rules, so that a user behind a proxy needs no settings of ssdp's own (issue 13 B1).
 * As npm-registry-fetch and @npmcli/agent decide: the npm config's `https-proxy`, else its
 * `proxy`, serves every URL; without them, HTTPS_PROXY serves https URLs, and HTTPS_PROXY,
 * HTTP_PROXY or PROXY http URLs (the variables in any case). `noproxy` (else NO_PROXY) lists host
 * name suffixes matched by whole labels (`example.com` bypasses a.example.com; ports are not
 * compared) for which the proxy is skipped.
 *
 * A proxied request goes through @npmcli/agent, the agent npm itself uses (a dependency of
 * pacote's: CONNECT tunnels for https, absolute-URL requests for http, socks://, a user:password
 * in the proxy URL), required only when a proxy applies: without one nothing here is loaded and
 * Node's fetch goes direct as before.
 */
import { createRequire } from 'node:module';
import { SsdpError } from './errors.js';
import { currentFolderIfAny } from './cwd.js';
import { npmRegistryConfig, type NpmRegistryConfig } from '../resolve/registry-config.js';

export interface ProxySettings {
  /** npm's `https-proxy` or `proxy`; undefined to use the environment's variables. */
  proxy?: string;
  /** npm's `noproxy`; undefined to use NO_PROXY. */
  noProxy?: string;
  /** Where `proxy` was set, for messages. */
  from?: string;
}

/** The proxy variables of the environment, lower-cased as @npmcli/agent reads them (the last spelling seen wins). */
function proxyEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    const key = k.toLowerCase();
    if (v !== undefined && (key === 'https_proxy' || key === 'http_proxy' || key === 'proxy' || key === 'no_proxy')) out[key] = v;
  }
  return out;
}

/** Whether `host` is one of the comma-separated suffixes of `noProxy` (whole labels; '*' or '' entries never match, as in npm). */
export function bypassesProxy(hostname: string, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = hostname.replace(/^\[|\]$/g, '').split('.').reverse();
  return noProxy.split(',').map((p) => p.trim()).filter(Boolean).some((entry) => {
    const labels = entry.split('.').filter(Boolean).reverse();
    return labels.length > 0 && labels.every((label, i) => host[i] === label);
  });
}

/** The proxy a request to `url` goes through by npm's rules, or undefined to go direct. */
export function proxyFor(url: string, settings: ProxySettings): URL | undefined {
  const u = new URL(url);
  const env = proxyEnv();
  const proxy = settings.proxy || (u.protocol === 'https:' ? env.https_proxy : env.https_proxy || env.http_proxy || env.proxy);
  if (!proxy || bypassesProxy(u.hostname, settings.noProxy || env.no_proxy)) return undefined;
  if (/^(https?|socks[45]?[ah]?):\/\/[^/]/i.test(proxy) && URL.canParse(proxy)) return new URL(proxy);
  const name = settings.proxy ? settings.from ?? 'the npm setting https-proxy or proxy' : `the environment variable ${Object.keys(process.env).find((k) => /^(https?_)?proxy$/i.test(k) && process.env[k] === proxy) ?? 'HTTPS_PROXY'}`;
  throw new SsdpError('E_BAD_PROXY', `${name} is ${JSON.stringify(proxy.replace(/:[^/:@]*@/, ':***@'))}, which is not a proxy URL; ssdp uses the proxy npm would use for ${url}`, {
    hint: 'write it as a URL with its scheme, e.g. http://proxy.example:3128 (npm and ssdp read it the same way), or unset it to connect directly',
  });
}

let cached: { key: string; settings: ProxySettings } | undefined;

/**
 * The npm config's proxy settings for this process's folder, read on the first request (a warm
 * create makes none) and again only when the folder or the npm variables change.
 */
export function configuredProxy(): ProxySettings {
  const cwd = currentFolderIfAny();
  const key = JSON.stringify([cwd, Object.entries(process.env).filter(([k]) => /^npm_config_/i.test(k))]);
  if (cached?.key !== key) {
    let cfg: NpmRegistryConfig['proxy'];
    try {
      cfg = npmRegistryConfig(cwd).proxy;
    } catch {
      cfg = {}; // a bad registry setting: said by the resolve step, which reads the same config
    }
    cached = { key, settings: cfg };
  }
  return cached.settings;
}

/** The http(s).Agent of @npmcli/agent for a request to `url` through `proxy`. */
export function proxyAgent(url: string, proxy: URL, ca: string[] | undefined): unknown {
  // Found the way pacote finds it (pacote -> npm-registry-fetch -> make-fetch-happen -> @npmcli/agent).
  let req = createRequire(import.meta.url);
  for (const name of ['pacote', 'npm-registry-fetch', 'make-fetch-happen']) req = createRequire(req.resolve(name));
  const { getAgent } = req('@npmcli/agent') as { getAgent(url: string, o: Record<string, unknown>): unknown };
  // proxyFor applied noproxy / NO_PROXY already. An empty noProxy would make the agent read
  // NO_PROXY again even where npm's noproxy setting replaced it: ',' is a list of no hosts.
  return getAgent(url, { proxy: proxy.href, noProxy: ',', ...(ca ? { ca } : {}) });
}

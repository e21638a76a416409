/**
 * Downloads one tarball as a stream of bytes with Node's own fetch (undici): no registry client
 * is loaded, so a warm store never pays for one. Network errors and 5xx answers are retried a
 * couple of times (registries and CDNs hiccup); anything else becomes an error naming the URL.
 */
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { SsdpError } from '../util/errors.js';

const RETRIES = 2;

export async function openTarball(url: string, what: string): Promise<AsyncIterable<Uint8Array>> {
  if (url.startsWith('file:')) return createReadStream(fileURLToPath(url));
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, { headers: { accept: 'application/octet-stream', 'user-agent': 'ssdp' } });
    } catch (e) {
      if (attempt < RETRIES) {
        await sleep(200 * (attempt + 1));
        continue;
      }
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new SsdpError('E_REGISTRY_UNREACHABLE', `could not download ${what} from ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`, {
        hint: 'check the network and the registry URL; packages already in the store can be used offline with --offline',
        cause: e,
      });
    }
    if (res.ok && res.body) return res.body as unknown as AsyncIterable<Uint8Array>;
    await res.body?.cancel().catch(() => {});
    if (res.status >= 500 && attempt < RETRIES) {
      await sleep(200 * (attempt + 1));
      continue;
    }
    if (res.status === 404 || res.status === 410) {
      throw new SsdpError('E_TARBALL_NOT_FOUND', `the registry has no tarball for ${what} at ${url} (HTTP ${res.status})`, {
        hint: 'the version may have been unpublished; update the env to resolve again',
      });
    }
    throw new SsdpError('E_REGISTRY_UNREACHABLE', `could not download ${what} from ${url}: HTTP ${res.status} ${res.statusText}`, {
      hint: res.status === 401 || res.status === 403 ? 'the registry refused access; check your npm credentials' : 'the registry is failing; try again later, or use --offline with packages already in the store',
    });
  }
}

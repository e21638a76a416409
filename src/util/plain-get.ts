/**
 * One GET through node:http(s), answered as a fetch Response: for requests through a proxy (Node
 * 20's fetch has no proxy support; util/proxy.ts), and for the URLs Node's fetch refuses
 * to connect to because browsers block their port (the Fetch standard's "bad port" list: 6000,
 * 10080, 6665-6669, 5060 ...). npm and curl fetch from any port, so ssdp does too. No redirect is
 * followed here (fetchFollowing follows them), and the user's extra CAs apply to https as they do
 * to fetch.
 */
import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { Readable, pipeline } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { extraCaOption } from './extra-ca.js';

/** Statuses whose Response must have no body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** The decoder for one Content-Encoding fetch decodes; none for identity or anything else. */
function decoderFor(encoding: string | undefined) {
  const e = encoding?.trim().toLowerCase();
  if (e === 'gzip' || e === 'x-gzip') return createGunzip();
  if (e === 'deflate') return createInflate();
  if (e === 'br') return createBrotliDecompress();
  return undefined;
}

/** `agent`: the proxy's (util/proxy.ts), when the request goes through one. */
/** `raw`: the body as sent, not decoded by its Content-Encoding (a .tgz a server mislabels as gzip-encoded). */
export function plainGet(url: string, headers: Record<string, string>, signal: AbortSignal, agent?: Agent, raw = false): Promise<Response> {
  const u = new URL(url);
  const ca = u.protocol === 'https:' ? extraCaOption() : undefined;
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Response>((ok, fail) => {
    // Through a proxy's tunnel, https-proxy-agent leaves the host out of the TLS options, so an
    // https registry named by its IP address had its certificate checked against "localhost"
    // (npm fails there too): checked against the host the URL names.
    const hostname = u.hostname.replace(/^\[|\]$/g, '');
    const identity = agent && u.protocol === 'https:' ? { checkServerIdentity: (_: string, cert: PeerCertificate) => checkServerIdentity(hostname, cert) } : {};
    const req = request(u, { method: 'GET', headers: { 'accept-encoding': 'identity', ...headers }, signal, ...(ca ? { ca } : {}), ...(agent ? { agent } : {}), ...identity }, (res: IncomingMessage) => {
      const h = new Headers();
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 599) {
        res.destroy();
        fail(new TypeError('fetch failed', { cause: new Error(`${url} answered with HTTP status ${status}`) }));
        return;
      }
      // fetch decodes what the server compressed whatever was asked (tester s19 try13y Y6: a
      // gzipped packument on a blocked port was "not JSON"); the header stays, as with fetch.
      const decoder = raw ? undefined : decoderFor(res.headers['content-encoding']);
      const source = decoder ? pipeline(res, decoder, () => {}) : res;
      const body = NULL_BODY.has(status) ? null : (Readable.toWeb(source) as unknown as ReadableStream<Uint8Array>);
      if (!body) res.resume();
      ok(new Response(body, { status, statusText: res.statusMessage ?? '', headers: h }));
    });
    // As fetch reports a network failure: a TypeError whose cause is the system error, so the
    // retry and the messages treat both alike.
    req.on('error', (e) => fail(signal.aborted ? e : new TypeError('fetch failed', { cause: e })));
    req.end();
  });
}

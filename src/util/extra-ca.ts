/**
 * The user's extra certificate authorities (NODE_EXTRA_CA_CERTS), loaded only when ssdp makes an
 * HTTPS request. Node parses that file before any JavaScript runs, at every start: with a
 * distribution's whole bundle (/etc/ssl/certs/ca-certificates.crt) that is ~410 M instructions,
 * about 45 ms, more than half of a warm `ssdp env create`, which makes no request at all. So
 * bin/ssdp hands the variable over as __SSDP_EXTRA_CA_CERTS for the env commands (it knows no
 * other way to keep node from reading it), and `takeHandedCAs` puts it back at once: every process
 * ssdp starts (`ssdp run`, install scripts, node-gyp) gets the user's environment as it was. What
 * this process lacks it gets here, on its first HTTPS request: Node's fetch through its global
 * dispatcher, pacote through its `ca` option.
 */
import { SsdpError } from './errors.js';

/** The file node was kept from reading at start; undefined when nothing was handed over. */
let handedFile: string | undefined;
/** The CA list for TLS (node's own roots and the file's certificates); null when the file could not be used. */
let caList: string[] | null | undefined;
let fetchReady: Promise<void> | undefined;

/** Puts NODE_EXTRA_CA_CERTS back as bin/ssdp found it, remembering that this process lacks it. */
export function takeHandedCAs(): void {
  const handed = process.env.__SSDP_EXTRA_CA_CERTS;
  if (handed === undefined) return;
  delete process.env.__SSDP_EXTRA_CA_CERTS;
  process.env.NODE_EXTRA_CA_CERTS = handed;
  // Node ignores an empty value too.
  if (handed !== '') handedFile = handed;
}

/**
 * The `ca` option a TLS client of this process needs so that it trusts what node itself would
 * have trusted (its bundled roots and the user's extra ones); undefined when node loaded the
 * extra CAs itself or none were set. A file node could not have used gets node's own warning.
 */
export function extraCaOption(): string[] | undefined {
  if (handedFile === undefined) return undefined;
  if (caList === undefined) {
    const { readFileSync } = process.getBuiltinModule('node:fs');
    const { rootCertificates } = process.getBuiltinModule('node:tls');
    let why: string;
    try {
      const pems = readFileSync(handedFile, 'latin1').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
      if (pems) return (caList = [...rootCertificates, ...pems]);
      why = 'no certificate found in it';
    } catch (e) {
      why = (e as Error).message;
    }
    process.emitWarning(`Ignoring extra certs from \`${handedFile}\`, load failed: ${why}`);
    caList = null;
  }
  return caList ?? undefined;
}

/**
 * Before a request to `url` with Node's fetch: an https URL makes every later fetch of this
 * process trust the user's extra CAs (once; a no-op when none were handed over).
 */
export function readyFetchFor(url: string): Promise<void> | undefined {
  if (handedFile === undefined || !url.startsWith('https:')) return undefined;
  return (fetchReady ??= withExtraCAs());
}

/** Node's fetch (its bundled undici) keeps its dispatcher under this global symbol, shared with the undici package. */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

async function withExtraCAs(): Promise<void> {
  const ca = extraCaOption();
  if (!ca) return;
  // Node 20 loads undici, which creates its default Agent, on the first fetch; a data: URL makes no request.
  await (await fetch('data:,')).arrayBuffer();
  type Dispatcher = { constructor: new (o: object) => Dispatcher };
  const g = globalThis as unknown as Record<symbol, Dispatcher | undefined>;
  const Agent = g[GLOBAL_DISPATCHER]?.constructor;
  if (!Agent) {
    throw new SsdpError('E_INTERNAL', `ssdp could not give Node ${process.version}'s fetch the certificate authorities of NODE_EXTRA_CA_CERTS (${handedFile}): its dispatcher is not where ssdp looks for it`, {
      hint: 'run ssdp with `node <ssdp>/dist/src/cli/entry.js ...` (node then loads the CAs itself), and report this with `node --version`',
    });
  }
  g[GLOBAL_DISPATCHER] = new Agent({ connect: { ca } });
}

/**
 * Basic auth from the npm config (issue 13 B5): `//host/:_auth` (base64 of user:password),
 * `//host/:username` with `//host/:_password` (base64 of the password), and the un-nerfed `_auth`
 * of older .npmrc files for the default registry, sent as npm sends them with metadata and
 * tarball requests, and never to another host (tarballs served elsewhere). A private registry in
 * front of the test registry on 127.0.0.1 answers 401 without the right header and records what
 * it got; a second server stands for another host.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binEnv, runProgram, tempDir, type CliResult } from '../helpers/cli.js';
import { startRegistry, type FakeRegistry } from '../helpers/registry.js';
import { pkg } from './helpers.js';

const BIN = fileURLToPath(new URL('../../../bin/ssdp', import.meta.url));
const b64 = (s: string) => Buffer.from(s).toString('base64');

interface Front {
  url: string;
  /** `PATH AUTHORIZATION` ('-' for none) of every request. */
  seen: string[];
  server: Server;
}

/** A server in front of `reg`; with `want`, it answers 401 to a request without that Authorization. */
async function front(reg: FakeRegistry, want?: () => string): Promise<Front> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '-';
    seen.push(`${req.url} ${auth}`);
    if (want && auth !== want()) return void res.writeHead(401, { 'www-authenticate': 'Basic' }).end('authentication required');
    const up = httpRequest(`${reg.url}${req.url}`, { headers: { accept: req.headers.accept ?? '*/*' } }, (r) => {
      res.writeHead(r.statusCode!, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    up.end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

function create(registry: string, npmrc: string, extra: NodeJS.ProcessEnv = {}): Promise<CliResult & { prefix: string }> {
  const dir = tempDir('ssdp-basic-auth-');
  writeFileSync(join(dir, 'npmrc'), npmrc);
  const env = { ...binEnv(dir, registry), npm_config_userconfig: join(dir, 'npmrc'), SSDP_FETCH_RETRIES: '0', ...extra };
  return runProgram(BIN, ['env', 'create', '-n', 'e', 'alpha'], { env }).then((r) => ({ ...r, prefix: join(dir, 'root', 'envs', 'e') }));
}

test('_auth, username + _password (per registry) and a global _auth are sent as Basic auth with metadata and tarballs, never to another host', async () => {
  const reg = await startRegistry([pkg('alpha', '1.0.0', { dependencies: { beta: '^1.0.0' } }), pkg('beta', '1.2.0')]);
  let want = '';
  const priv = await front(reg, () => want);
  const other = await front(reg);
  const host = priv.url.slice('http:'.length);
  try {
    reg.faults({ tarballBase: priv.url });
    const cases: Array<[string, string, string]> = [
      ['//HOST/:_auth', `${host}/:_auth=${b64('ann:s3cret')}\n`, `Basic ${b64('ann:s3cret')}`],
      ['//HOST/:username + :_password', `${host}/:username=bob\n${host}/:_password=${b64('pa:ss')}\n`, `Basic ${b64('bob:pa:ss')}`],
      ['//HOST:_auth (no last slash)', `${host}:_auth=${b64('cy:x')}\n`, `Basic ${b64('cy:x')}`],
      ['global _auth', `_auth=${b64('dee:y')}\n`, `Basic ${b64('dee:y')}`],
      ['global username + _password', `username=eve\n_password=${b64('z')}\n`, `Basic ${b64('eve:z')}`],
    ];
    for (const [what, npmrc, header] of cases) {
      want = header;
      priv.seen.length = 0;
      const r = await create(priv.url, npmrc);
      assert.equal(r.status, 0, `${what}: ${r.stderr}`);
      assert.ok(existsSync(join(r.prefix, 'lib', 'node_modules', 'beta', 'index.js')), what);
      assert.deepEqual(priv.seen.sort(), ['/alpha', '/alpha/-/alpha-1.0.0.tgz', '/beta', '/beta/-/beta-1.2.0.tgz'].map((p) => `${p} ${header}`), what);
    }

    // Without credentials: the registry's 401 is said.
    want = `Basic ${b64('ann:s3cret')}`;
    let r = await create(priv.url, '');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /E_REGISTRY_AUTH/);

    // Tarballs on another host (another port is another host, as npm compares host:port) get none.
    reg.faults({ tarballBase: other.url });
    for (const npmrc of [`${host}/:_auth=${b64('ann:s3cret')}\n`, `_auth=${b64('ann:s3cret')}\n`]) {
      other.seen.length = 0;
      r = await create(priv.url, npmrc, { SSDP_ALLOWED_HOSTS: other.url.slice('http://'.length) });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(other.seen.sort(), ['/alpha/-/alpha-1.0.0.tgz -', '/beta/-/beta-1.2.0.tgz -']);
    }
  } finally {
    priv.server.close();
    other.server.close();
    await reg.close();
  }
});

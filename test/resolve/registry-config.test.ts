import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { channelToRegistry, npmRegistryConfig, registryFromNpmConfig } from '../../src/resolve/index.js';

function withEnv(vars: Record<string, string | undefined>, fn: () => void) {
  const old: Record<string, string | undefined> = {};
  for (const k of Object.keys(process.env)) if (/^npm_config_/i.test(k)) old[k] = process.env[k];
  for (const k of Object.keys(old)) delete process.env[k];
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) process.env[k] = v;
  try {
    fn();
  } finally {
    for (const k of Object.keys(vars)) delete process.env[k];
    Object.assign(process.env, old);
  }
}

test('registry comes from env, project .npmrc, user .npmrc, else the default', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ssdp-npmrc-'));
  const user = join(dir, 'user-npmrc');
  const project = join(dir, 'project');
  await writeFile(user, '; comment\nregistry = https://user.example/npm\n@corp:registry=https://corp.example/\n//corp.example/:_authToken=${CORP_TOKEN}\n');
  await import('node:fs/promises').then((f) => f.mkdir(project));
  withEnv({ npm_config_userconfig: join(dir, 'none') }, () => {
    assert.equal(registryFromNpmConfig(project), 'https://registry.npmjs.org/');
  });
  withEnv({ npm_config_userconfig: user, CORP_TOKEN: 'sekrit' }, () => {
    const cfg = npmRegistryConfig(project);
    assert.equal(cfg.registry, 'https://user.example/npm/');
    assert.equal(cfg.scopes['@corp'], 'https://corp.example/');
    assert.equal(cfg.auth.headers['//corp.example/'], 'Bearer sekrit');
  });
  await writeFile(join(project, '.npmrc'), 'registry=https://project.example/\n');
  withEnv({ npm_config_userconfig: user }, () => assert.equal(registryFromNpmConfig(project), 'https://project.example/'));
  withEnv({ npm_config_userconfig: user, NPM_CONFIG_REGISTRY: 'http://127.0.0.1:9/' }, () => {
    assert.equal(registryFromNpmConfig(project), 'http://127.0.0.1:9/');
    assert.equal(channelToRegistry('npm', project), 'http://127.0.0.1:9/');
  });
  assert.equal(channelToRegistry('https://mirror.example/npm'), 'https://mirror.example/npm/');
  assert.throws(() => channelToRegistry('conda-forge'), { code: 'E_BAD_CHANNEL' });
});

test('a registry setting that is not an http(s) URL is E_BAD_CHANNEL naming the setting and where it came from, at once (tester s13 try8e R6)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ssdp-npmrc-bad-'));
  const user = join(dir, 'user-npmrc');
  for (const bad of ['not a url', '/', 'http//127.0.0.1/', 'ftp://x/']) {
    withEnv({ npm_config_userconfig: join(dir, 'none'), npm_config_registry: bad }, () => {
      assert.throws(() => npmRegistryConfig(dir), (e: Error & { code?: string }) => {
        assert.equal(e.code, 'E_BAD_CHANNEL');
        assert.ok(e.message.includes(`registry=${JSON.stringify(bad)} (from the environment variable npm_config_registry)`), e.message);
        return true;
      });
    });
  }
  await writeFile(user, '@corp:registry=corp.example\n');
  withEnv({ npm_config_userconfig: user }, () => {
    assert.throws(() => npmRegistryConfig(dir), new RegExp(`@corp:registry="corp\\.example" \\(from ${user.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)`));
  });
  withEnv({ npm_config_userconfig: join(dir, 'none'), npm_config_registry: 'http://127.0.0.1:4873' }, () => {
    assert.equal(npmRegistryConfig(dir).registry, 'http://127.0.0.1:4873/');
  });
});

test('tarball downloads carry the .npmrc token of the longest matching //host[:port]/path/ prefix, other hosts none (tester s19 try13y Y5)', async () => {
  const { createServer } = await import('node:http');
  const { openTarball } = await import('../../src/store/fetch-tarball.js');
  const seen: string[] = [];
  // Like a private registry: 401 to a tarball request without a token.
  const serve = (strict: boolean) =>
    createServer((req, res) => {
      const auth = req.headers.authorization ?? '-';
      seen.push(`${req.headers.host}${req.url} ${auth}`);
      if (strict && auth === '-') return void res.writeHead(401).end('no token');
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('tarbytes');
    });
  const priv = serve(true);
  const other = serve(false);
  await Promise.all([priv, other].map((s) => new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok))));
  const ports = new Map([priv, other].map((s) => [s, (s.address() as { port: number }).port]));
  const port = (s: typeof priv) => ports.get(s)!;
  const dir = await mkdtemp(join(tmpdir(), 'ssdp-npmrc-tgz-'));
  const userrc = join(dir, 'npmrc');
  await writeFile(userrc, `//127.0.0.1:${port(priv)}/:_authToken=HOSTTOK\n//127.0.0.1:${port(priv)}/scoped/:_authToken=PATHTOK\n`);
  const old = process.env.npm_config_userconfig;
  process.env.npm_config_userconfig = userrc;
  const read = async (url: string) => {
    let text = '';
    for await (const chunk of await openTarball(url, 'x@1.0.0')) text += Buffer.from(chunk).toString();
    return text;
  };
  try {
    assert.equal(await read(`http://127.0.0.1:${port(priv)}/rp/-/rp-1.0.0.tgz`), 'tarbytes');
    assert.equal(await read(`http://127.0.0.1:${port(priv)}/scoped/rq/-/rq-1.0.0.tgz`), 'tarbytes');
    assert.equal(await read(`http://127.0.0.1:${port(other)}/rp/-/rp-1.0.0.tgz`), 'tarbytes');
  } finally {
    if (old === undefined) delete process.env.npm_config_userconfig;
    else process.env.npm_config_userconfig = old;
    priv.close();
    other.close();
  }
  assert.deepEqual(seen, [
    `127.0.0.1:${port(priv)}/rp/-/rp-1.0.0.tgz Bearer HOSTTOK`,
    `127.0.0.1:${port(priv)}/scoped/rq/-/rq-1.0.0.tgz Bearer PATHTOK`,
    `127.0.0.1:${port(other)}/rp/-/rp-1.0.0.tgz -`,
  ]);
});

test("the store's ensure reads the npm config's tokens once for all of a lock's downloads, not again for each tarball (review of Y5)", async () => {
  const { createServer } = await import('node:http');
  const { createStore } = await import('../../src/store/index.js');
  const { buildPackageTarball, sri } = await import('../helpers/tarball.js');
  const dir = await mkdtemp(join(tmpdir(), 'ssdp-npmrc-once-'));
  const userrc = join(dir, 'npmrc');
  const tgz = (name: string) => buildPackageTarball({ name, version: '1.0.0' }, { 'index.js': `module.exports = '${name}';\n` });
  const tarballs = new Map([['/ta/-/ta-1.0.0.tgz', tgz('ta')], ['/tb/-/tb-1.0.0.tgz', tgz('tb')]]);
  const seen: string[] = [];
  let port = 0;
  // A private registry: 401 without a token. After the first download the .npmrc gets another
  // token: a config read per tarball would send that one with the second.
  const server = createServer((req, res) => {
    seen.push(`${req.url} ${req.headers.authorization ?? '-'}`);
    if (!req.headers.authorization) return void res.writeHead(401).end('no token');
    void writeFile(userrc, `//127.0.0.1:${port}/:_authToken=LATER\n`).then(() => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarballs.get(req.url!)));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as { port: number }).port;
  await writeFile(userrc, `//127.0.0.1:${port}/:_authToken=FIRST\n`);
  const registry = `http://127.0.0.1:${port}/`;
  const packages = [...tarballs].map(([path, data]) => {
    const name = path.split('/')[1]!;
    return { name, version: '1.0.0', path: name, resolved: `${registry}${path.slice(1)}`, integrity: sri(data), requested: true };
  });
  const old = process.env.npm_config_userconfig;
  process.env.npm_config_userconfig = userrc;
  try {
    await createStore({ storeDir: join(dir, 'store', 'v1'), concurrency: 1 }).ensure({ lockfileVersion: 1, registry, requested: ['ta', 'tb'], packages });
  } finally {
    if (old === undefined) delete process.env.npm_config_userconfig;
    else process.env.npm_config_userconfig = old;
    server.close();
  }
  assert.deepEqual(seen, ['/ta/-/ta-1.0.0.tgz Bearer FIRST', '/tb/-/tb-1.0.0.tgz Bearer FIRST']);
});

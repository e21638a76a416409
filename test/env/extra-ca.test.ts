/**
 * bin/ssdp keeps node from reading NODE_EXTRA_CA_CERTS at start for the env commands (a warm
 * create makes no request, and reading a distribution's bundle costs ~45 ms): ssdp's HTTP layer
 * loads the CAs on its first HTTPS request, and everything ssdp starts gets the variable back.
 * These run bin/ssdp itself, as a shell runs it, against an HTTPS registry on 127.0.0.1 whose CA
 * (made here with openssl) is known only through NODE_EXTRA_CA_CERTS.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binEnv, CLI_ENTRY, runProgram, tempDir, type CliResult } from '../helpers/cli.js';
import { makeCertificates } from '../helpers/certificates.js';
import { startRegistry } from '../helpers/registry.js';
import { pkg } from './helpers.js';

const BIN = fileURLToPath(new URL('../../../bin/ssdp', import.meta.url));

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> => runProgram(cmd, args, { env });

/** What an install script of `name` sees of the two variables, written to `out`. */
function reportingPackage(name: string, out: string) {
  const js = `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify([process.env.NODE_EXTRA_CA_CERTS ?? null, process.env.__SSDP_EXTRA_CA_CERTS ?? null]))`;
  return pkg(name, '1.0.0', { scripts: { install: `node -e ${JSON.stringify(js)}` } });
}

const baseEnv = (dir: string, registry: string): NodeJS.ProcessEnv => ({ ...binEnv(dir, registry), SSDP_FETCH_RETRIES: '0' });

test('bin/ssdp env create fetches metadata, tarballs and a tarball URL from an HTTPS registry trusted only through NODE_EXTRA_CA_CERTS; what it starts gets the variable back', async () => {
  const dir = tempDir('ssdp-extra-ca-');
  const { ca, key, cert } = makeCertificates(dir);
  const seen = join(dir, 'seen.json');
  const reg = await startRegistry([pkg('alpha', '1.0.0', { dependencies: { beta: '^1.0.0' } }), pkg('beta', '1.2.0'), pkg('gamma', '2.0.0'), reportingPackage('reporter', seen)], { tls: { key, cert } });
  try {
    const env = baseEnv(dir, reg.url);
    // Without the CA the registry's certificate is refused: the CA is what makes the rest work.
    const refused = await run(BIN, ['env', 'create', '-n', 'e', 'alpha'], env);
    assert.notEqual(refused.status, 0, refused.stdout);
    assert.match(refused.stderr, /E_REGISTRY_UNREACHABLE/);

    const withCa = { ...env, NODE_EXTRA_CA_CERTS: ca };
    // gamma as a tarball URL: the source path (its manifest is read by pacote from the download).
    const created = await run(BIN, ['env', 'create', '-n', 'e', 'alpha', `${reg.url}/gamma/-/gamma-2.0.0.tgz`, 'reporter', '--allow-scripts', 'reporter'], withCa);
    assert.equal(created.status, 0, created.stderr);
    assert.doesNotMatch(created.stderr, /Ignoring extra certs/);
    const prefix = join(dir, 'root', 'envs', 'e');
    for (const [name, version] of [['alpha', '1.0.0'], ['beta', '1.2.0'], ['gamma', '2.0.0']]) {
      assert.equal(JSON.parse(readFileSync(join(prefix, 'lib', 'node_modules', name!, 'package.json'), 'utf8')).version, version);
    }
    assert.ok(reg.requests.some((p) => p.endsWith('.tgz')), 'tarballs came from the HTTPS registry');
    // The install script (a process ssdp started) saw the user's value, and nothing of the hand-over.
    assert.deepEqual(JSON.parse(readFileSync(seen, 'utf8')), [ca, null]);

    const printed = await run(BIN, ['run', '-n', 'e', '--', 'node', '-e', 'console.log(process.env.NODE_EXTRA_CA_CERTS)'], withCa);
    assert.equal(printed.status, 0, printed.stderr);
    assert.equal(printed.stdout.trim(), ca);
  } finally {
    await reg.close();
  }
});

test('bin/ssdp env create does not read NODE_EXTRA_CA_CERTS when it makes no HTTPS request (node itself, started directly, does)', async () => {
  const dir = tempDir('ssdp-extra-ca-');
  const reg = await startRegistry([pkg('alpha', '1.0.0')]);
  try {
    // A file that does not exist: node warns at start when it reads the variable.
    const missing = join(dir, 'no-such-ca.pem');
    const env = { ...baseEnv(dir, reg.url), NODE_EXTRA_CA_CERTS: missing };
    const direct = await run(process.execPath, [CLI_ENTRY, 'env', 'create', '-n', 'direct', 'alpha'], env);
    assert.equal(direct.status, 0, direct.stderr);
    assert.match(direct.stderr, /Ignoring extra certs from `[^`]*no-such-ca\.pem`/, 'node started directly reads the file at start');

    const viaBin = await run(BIN, ['env', 'create', '-n', 'e', 'alpha'], env);
    assert.equal(viaBin.status, 0, viaBin.stderr);
    assert.doesNotMatch(viaBin.stderr, /Ignoring extra certs/);
    // What it starts reads the file again (and warns, as node does).
    const printed = await run(BIN, ['run', '-n', 'e', '--', 'node', '-e', 'console.log(process.env.NODE_EXTRA_CA_CERTS)'], env);
    assert.equal(printed.stdout.trim(), missing);
    assert.match(printed.stderr, /Ignoring extra certs/);
  } finally {
    await reg.close();
  }
});

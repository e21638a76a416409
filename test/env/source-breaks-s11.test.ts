/**
 * Tester breaks on git, URL and file: specs (session 10's env13 report, B2-B6, B11): folders with
 * hardlinks, flaky and stalled tarball URLs, paths with spaces, edited local packages, and the
 * smaller items. Real folders, a real tarball server on 127.0.0.1, the real CLI.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderPackage } from '../helpers/git-repo.js';
import { setup } from './helpers.js';

const installedFile = (root: string, env: string, name: string, file = 'index.js') => readFileSync(join(root, 'envs', env, 'lib', 'node_modules', name, file), 'utf8');

/** A tarball server whose handler the test sets per path; counts GETs per path. */
async function tarballServer(handler: (req: IncomingMessage, res: ServerResponse, hit: number) => void): Promise<{ url: string; hits: Map<string, number>; close(): Promise<void> }> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const n = (hits.get(req.url!) ?? 0) + 1;
    hits.set(req.url!, n);
    handler(req, res, n);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

test('B5: a folder with one file hardlinked under two names installs both names as files; a folder holding the ssdp root installs without packing the root', async () => {
  const ctx = await setup([]);
  try {
    const dir = folderPackage(join(ctx.dir, 'm1b'), 'm1b', '1.0.0');
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'README.md'), 'hi\n');
    linkSync(join(dir, 'README.md'), join(dir, 'docs', 'README.md'));
    let r = await ctx.cli(['create', '-n', 'm1b', './m1b'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(installedFile(ctx.root, 'm1b', 'm1b', 'README.md'), 'hi\n');
    assert.equal(installedFile(ctx.root, 'm1b', 'm1b', 'docs/README.md'), 'hi\n');

    // A project folder keeping its ssdp root inside (its envs hardlink the store): before, no output and exit 13.
    const proj = folderPackage(join(ctx.dir, 'bp'), 'bp', '1.0.0');
    const inner = { SSDP_ROOT: join(proj, '.ssdproot') };
    r = await ctx.cli(['create', '-n', 'first', './m1b'], { cwd: ctx.dir, env: inner });
    assert.equal(r.status, 0, r.stderr);
    for (const json of [false, true]) {
      r = await ctx.cli(['create', '-n', `x${json}`, proj, ...(json ? ['--json'] : [])], { env: inner });
      assert.equal(r.status, 0, r.stderr + r.stdout);
      const pkgDir = join(proj, '.ssdproot', 'envs', `x${json}`, 'lib', 'node_modules', 'bp');
      assert.deepEqual(readdirSync(pkgDir).sort(), ['index.js', 'package.json']);
    }
  } finally {
    await ctx.close();
  }
});

/**
 * The live page's server: it answers only requests addressed to this machine's loopback on its
 * port (DNS-rebinding protection, D12-9), and its SSH hint names the user also when $USER is
 * unset (D12-8).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { userInfo } from 'node:os';
import { Client, delayed } from '../../src/graph/index.js';
import { announce } from '../../src/dashboard/server.js';
import { launch, openPage } from '../helpers/browser.js';
import { connected, shown } from './page-state.js';

export function addUp(a: number, b: number): number {
  return a + b;
}

/** Status and body of GET `path` on 127.0.0.1:port sent with this Host header (undefined: none). */
function get(port: number, path: string, host: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', setHost: false, headers: host === undefined ? {} : { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += String(d);
        // an event stream stays open: its first event is enough
        if (res.headers['content-type'] === 'text/event-stream' && body.includes('\n\n')) req.destroy();
      });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      res.on('close', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', (e) => (e.message === 'socket hang up' ? undefined : reject(e)));
    req.end();
  });
}

/** A plain TCP forward from a free local port to `port`, as `ssh -L FREE:127.0.0.1:PORT` makes; returns its port. */
async function tunnel(port: number): Promise<number> {
  const fwd = createServer((a) => {
    const b = connect(port, '127.0.0.1');
    a.pipe(b).pipe(a);
    a.on('error', () => b.destroy());
    b.on('error', () => a.destroy());
  });
  fwd.unref();
  await new Promise<void>((r) => fwd.listen(0, '127.0.0.1', r));
  return (fwd.address() as { port: number }).port;
}

test('the dashboard answers only the host names 127.0.0.1, localhost or [::1], on any port (403 otherwise); the page works through localhost and through a tunnel in chromium', async () => {
  const client = new Client({ scheduler: 'sync', dashboard: { port: 0, title: 'hosts' } });
  const browser = await launch();
  try {
    assert.deepEqual(await client.compute(delayed(addUp)(40, 2)), [42]);
    const port = Number(new URL((await client.dashboardUrl())!).port);
    // the host name counts, not the port: a tunnel arrives with its own port, port 80 with none
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, '127.0.0.1:9999', 'localhost', '127.0.0.1', '[::1]']) {
      const r = await get(port, '/events', host);
      assert.equal(r.status, 200, host);
      assert.match(r.body, /event: state/, host);
    }
    for (const host of [`evil.example:${port}`, 'evil.example', '127.1', `2130706433:${port}`, `localhost.:${port}`, `localhost.evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `127.0.0.1:${port}x`]) {
      for (const path of ['/', '/events', '/state.json']) {
        const r = await get(port, path, host);
        assert.equal(r.status, 403, `${host} ${path}`);
        assert.doesNotMatch(r.body, /addUp|hosts|SSDP_DATA/, 'nothing of the run is sent');
        assert.match(r.body, /answers only to the host names 127\.0\.0\.1, localhost or \[::1\]/);
      }
    }
    // no Host at all: Node's http refuses it before our handler (400), which sends nothing either
    const none = await get(port, '/events', undefined);
    assert.equal(none.status, 400);
    assert.doesNotMatch(none.body, /addUp|hosts/);
    for (const url of [`http://localhost:${port}/`, `http://127.0.0.1:${await tunnel(port)}/`]) {
      // through localhost, and through a tunnel to another local port (what ssh -L does)
      const { page, errors } = await openPage(browser, url);
      await connected(page);
      const s = await shown(page);
      assert.deepEqual([s.done, s.total, s.status], [1, 1, 'done'], url);
      assert.deepEqual(errors, [], url);
    }
  } finally {
    await browser.close();
    await client.close();
  }
});

test('over SSH with $USER unset, the tunnel hint names the account this process runs as', () => {
  const env = { SSH_CONNECTION: '10.0.0.5 5555 10.0.0.9 22' };
  const me = userInfo().username;
  assert.ok(me.length > 0);
  assert.match(announce('http://127.0.0.1:8787/', 8787, env), new RegExp(`ssh -L 8787:127\\.0\\.0\\.1:8787 ${me}@10\\.0\\.0\\.9,`));
  assert.match(announce('http://127.0.0.1:8787/', 8787, { ...env, USER: 'alice' }), / alice@10\.0\.0\.9,/);
  assert.doesNotMatch(announce('http://127.0.0.1:8787/', 8787, {}), /ssh/);
  // sshd on another port: the hint says it; a user name a shell would read as code is quoted
  assert.match(announce('http://127.0.0.1:8787/', 8787, { SSH_CONNECTION: '10.0.0.5 5555 10.0.0.9 2222', USER: 'ada' }), /ssh -L 8787:127\.0\.0\.1:8787 -p 2222 ada@10\.0\.0\.9,/);
  assert.match(announce('http://127.0.0.1:8787/', 8787, { ...env, USER: "a b;$(x)'" }), / 'a b;\$\(x\)'\\'''@10\.0\.0\.9,/);
});

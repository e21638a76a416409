/**
 * The live dashboard's server: Node's own http, on 127.0.0.1 only. `/` is the page, `/events`
 * a Server-Sent Events stream (the whole state once, then what changed, at most every
 * PUSH_MS), `/state.json` the state now.
 */
import { createServer } from 'node:http';
import { userInfo } from 'node:os';
import { SsdpError } from '../util/errors.js';
import { renderPage } from './page.js';
const PUSH_MS = 200;
/** Tried first when no port is asked for (Dask's dashboard port), then the next ones. */
export const DEFAULT_PORT = 8787;
const PORTS_TRIED = 20;
export async function startServer(rec, port) {
    const viewers = new Set();
    let pushTimer;
    const push = () => {
        pushTimer = undefined;
        if (viewers.size === 0)
            return;
        const now = rec.cursor();
        // viewers that saw the same get the same text: one JSON.stringify for all of them
        const sent = new Map();
        for (const v of viewers) {
            const from = `${v.cursor.tasks},${v.cursor.moved},${v.cursor.memory},${v.cursor.failures}`;
            let text = sent.get(from);
            if (text === undefined)
                sent.set(from, (text = `event: delta\ndata: ${JSON.stringify(rec.since(v.cursor))}\n\n`));
            v.cursor = now;
            v.res.write(text);
        }
    };
    rec.onChange = () => {
        if (viewers.size > 0 && !pushTimer)
            pushTimer = setTimeout(push, PUSH_MS);
    };
    // the clock and memory line move even while no task finishes (nothing is done while nobody watches)
    const tick = setInterval(() => viewers.size > 0 && rec.onChange(), 1000).unref();
    const server = createServer((req, res) => {
        const path = (req.url ?? '/').split('?')[0];
        if (!localHost(req.headers.host)) {
            // DNS rebinding: a page from elsewhere whose name now points at 127.0.0.1 sends its own Host
            res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden: the dashboard answers only to the host names 127.0.0.1, localhost or [::1]\n');
        }
        else if (req.method !== 'GET') {
            res.writeHead(405, { allow: 'GET' }).end();
        }
        else if (path === '/') {
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(renderPage({ live: true, title: rec.snapshot().run.title }));
        }
        else if (path === '/events') {
            res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
            const v = { res, cursor: rec.cursor() };
            res.write(`retry: 1000\nevent: state\ndata: ${JSON.stringify(rec.snapshot())}\n\n`);
            viewers.add(v);
            rec.setWatched(true);
            req.on('close', () => {
                viewers.delete(v);
                rec.setWatched(viewers.size > 0);
            });
        }
        else if (path === '/state.json') {
            res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(rec.snapshot()));
        }
        else {
            res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        }
    });
    // a page left open must not keep the program alive
    server.unref();
    const bound = await listen(server, port);
    return {
        port: bound,
        url: `http://127.0.0.1:${bound}/`,
        close: async () => {
            clearInterval(tick);
            if (pushTimer)
                clearTimeout(pushTimer);
            push();
            for (const v of viewers)
                v.res.end();
            viewers.clear();
            server.closeAllConnections();
            await new Promise((r) => server.close(() => r()));
        },
    };
}
/** Binds the asked port (in use: an error), or the first free one from DEFAULT_PORT. */
async function listen(server, port) {
    const tries = port === undefined ? Array.from({ length: PORTS_TRIED }, (_, i) => DEFAULT_PORT + i).concat(0) : [port];
    for (const p of tries) {
        const err = await new Promise((resolve) => {
            const onError = (e) => resolve(e);
            server.once('error', onError);
            server.listen(p, '127.0.0.1', () => {
                server.removeListener('error', onError);
                resolve(undefined);
            });
        });
        if (!err)
            return server.address().port;
        if (err.code !== 'EADDRINUSE' || port !== undefined) {
            throw new SsdpError('E_DASHBOARD_PORT', `dashboard: cannot serve on 127.0.0.1:${p}: ${err.code === 'EADDRINUSE' ? 'the port is in use by another program' : err.message}.`, {
                hint: err.code === 'EADDRINUSE' ? 'Pick another port with --dashboard-port N (or { dashboard: { port: N } }), or leave the port out to take the next free one.' : 'Use a port from 1 to 65535 (0: any free port); ports below 1024 need root.',
            });
        }
    }
    throw new Error('unreachable: port 0 always binds');
}
/**
 * Whether a request's Host names this machine's loopback, on any port (as Jupyter checks; Dask
 * does not): a tunnel (ssh -L 9999:127.0.0.1:8787) arrives with its own local port, and port 80
 * with none.
 */
function localHost(host) {
    const m = /^(\[::1\]|[^:[\]]+)(?::\d+)?$/.exec(host?.toLowerCase() ?? '');
    return !!m && LOCAL_NAMES.includes(m[1]);
}
const LOCAL_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
/** The line printed on stderr, with a tunnel hint when this machine is reached over SSH. */
export function announce(url, port, env = process.env) {
    let line = `dashboard: ${url}`;
    const ssh = env.SSH_CONNECTION?.trim().split(/\s+/);
    if (ssh && ssh.length >= 3)
        line += `\n  (over SSH, on your own machine: ssh -L ${port}:127.0.0.1:${port} ${ssh[3] && ssh[3] !== '22' ? `-p ${ssh[3]} ` : ''}${sshUser(env)}${ssh[2]}, then open http://127.0.0.1:${port}/)`;
    return line;
}
/** `name@` for the tunnel hint: $USER, else the account this process runs as (a root shell often has no $USER). */
function sshUser(env) {
    // quoted for the shell it is pasted into when it has more than a plain name's characters
    const quoted = (name) => `${/^[\w.-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`}@`;
    if (env.USER)
        return quoted(env.USER);
    try {
        const name = userInfo().username;
        return name ? quoted(name) : '';
    }
    catch {
        return ''; // no entry in the password database: the hint then names the host alone
    }
}
//# sourceMappingURL=server.js.map
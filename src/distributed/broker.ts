/**
 * The broker address (`redis://[user:password@]host:port[/db]`): checked before anything connects,
 * and a first connection that fails at once with a clear reason (nothing answers, wrong password,
 * unknown host) instead of ioredis's endless reconnect loop.
 */
import type { Redis, RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';
import { readFileSync } from 'node:fs';
import { maskedUrl, SsdpError } from '../util/errors.js';
import { envNumber } from '../util/env-number.js';

export interface BrokerAddress {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  readonly db: number;
  readonly tls: boolean;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/** The URL without its password, for messages and logs. */
export function safeUrl(a: BrokerAddress): string {
  return `${a.tls ? 'rediss' : 'redis'}://${a.username ? `${a.username}${a.password ? ':***' : ''}@` : a.password ? ':***@' : ''}${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}${a.db ? `/${a.db}` : ''}`;
}

export function parseBroker(given: string | URL): BrokerAddress {
  // a number or an object from a script's settings got a raw TypeError from deep inside (try11k K4)
  if (typeof given !== 'string' && !(given instanceof URL)) {
    throw new SsdpError('E_BROKER_URL', `broker takes a redis:// URL string, got ${typeof given === 'object' ? JSON.stringify(given) ?? String(given) : String(given)} (${given === null ? 'null' : typeof given}).`, {
      hint: 'Give it as redis://[user:password@]host:port, e.g. redis://default:SECRET@10.0.0.5:6379.',
      exitCode: 2,
    });
  }
  const url = given instanceof URL ? given.href : given;
  const bad = (why: string): SsdpError =>
    new SsdpError('E_BROKER_URL', `broker address '${maskedUrl(url)}' ${why}.`, {
      hint: 'Give it as redis://[user:password@]host:port, e.g. redis://default:SECRET@10.0.0.5:6379; percent-encode / # ? @ : % in the password (%2F %23 %3F %40 %3A %25).',
      exitCode: 2,
    });
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad('is not a URL');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw bad(`uses ${u.protocol.replace(/:$/, '')}://, not redis:// or rediss://`);
  if (!u.hostname) throw bad('names no host');
  // the query and fragment would be dropped without a word (try11t B12): say so instead
  if (u.search) throw bad(`has '${u.search.replace(/(password|pass|pw)=[^&]*/gi, '$1=***')}', which ssdp does not read (no setting travels in the query)`);
  if (u.hash) throw bad(`has '${u.hash}', which ssdp does not read`);
  const port = u.port ? Number(u.port) : 6379;
  const dbText = u.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw bad(`has path '/${dbText}', which is not a database number`);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  // 127.1 is 127.0.0.1 (try11k K3): redis:// URLs keep IPv4 short forms as written, http:// ones spell them out
  const spelt = spelledOutIp(host);
  const a: BrokerAddress = {
    url,
    host,
    port,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: dbText ? Number(dbText) : 0,
    tls: u.protocol === 'rediss:',
  };
  // Anyone who reaches an open Redis can run code in every worker: never without a password.
  if (!a.password && !LOOPBACK.test(host) && !LOOPBACK.test(spelt) && !loopbackByHostsFile(host)) {
    // a name is not looked up here (this check runs before anything connects): say so rather than
    // "not on this machine" for a host name that may well resolve to 127.0.0.1 (try11k K3)
    const isName = isIP(spelt) === 0;
    const where = isName
      ? `names host '${host}', which ssdp does not take as this machine's loopback (only localhost, 127.x.x.x / ::1 addresses and names that ${HOSTS_FILE} gives only such addresses are)`
      : 'is not on this machine (loopback)';
    throw new SsdpError('E_BROKER_NO_PASSWORD', `broker ${safeUrl(a)} ${where} and the address has no password; ssdp refuses an open Redis reachable from the network, since whoever reaches it can run code on the workers.`, {
      hint: `${isName ? 'For a Redis on this machine give redis://127.0.0.1:PORT; otherwise s' : 'S'}tart redis-server with --requirepass SECRET (or an ACL user) and give redis://default:SECRET@host:port.`,
      exitCode: 2,
    });
  }
  return a;
}

/** Where the resolver looks first (nsswitch's "files"): read as it is, since this check runs before anything connects. */
const HOSTS_FILE = '/etc/hosts';

/**
 * node:net's isIP, with node:net loaded on the first broker URL checked: the graph engine imports
 * this module for every compute (Client options), and node:net with what it pulls in is ~2 MB of RSS.
 */
function isIP(text: string): number {
  return process.getBuiltinModule('node:net').isIP(text);
}

/**
 * A host name that the hosts file maps to loopback addresses only (the machine's own name on
 * Debian, 127.0.1.1; a name for 127.0.0.2): taken as loopback like localhost (s18 leftover of
 * try11k K3). A name the file does not list is left to DNS, and refused without a password.
 */
function loopbackByHostsFile(name: string): boolean {
  if (isIP(name) !== 0) return false;
  let text: string;
  try {
    text = readFileSync(HOSTS_FILE, 'utf8');
  } catch {
    return false;
  }
  const wanted = name.toLowerCase().replace(/\.$/, '');
  const addresses: string[] = [];
  for (const line of text.split('\n')) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (address && names.some((n) => n.toLowerCase() === wanted)) addresses.push(address);
  }
  return addresses.length > 0 && addresses.every((ad) => LOOPBACK.test(ad) || LOOPBACK.test(spelledOutIp(ad)));
}

/** An IPv4 address in any form URLs take (127.1, 0x7f.1) spelt out as a.b.c.d; anything else as given. */
function spelledOutIp(host: string): string {
  if (host.includes(':')) return host;
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return host;
  }
}

/** How long a lost broker connection is retried before the run or worker gives up (SSDP_BROKER_RETRY_MS). */
export function retryWindowMs(): number {
  const v = process.env.SSDP_BROKER_RETRY_MS;
  if (v === undefined || v === '') return 30_000;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    throw new SsdpError('E_BAD_ENV_SETTING', `SSDP_BROKER_RETRY_MS is '${v}', not a number of milliseconds.`, { hint: 'Unset it (30000 ms) or give a whole number such as 60000.', exitCode: 2 });
  }
  return n;
}

/**
 * A connection whose commands get no byte back for this long is cut and counts as lost: a frozen
 * broker (kill -STOP, a paused VM, a stuck host) still accepts TCP, so without a deadline nothing
 * ever fails and every wait on it, Ctrl-C's clean-up included, lasts for ever.
 */
export const STALL_MS = 5000;

/** STALL_MS, or SSDP_BROKER_STALL_MS when set (a slow link may want longer; tests want less). */
export function stallMs(): number {
  return envNumber('SSDP_BROKER_STALL_MS', 'milliseconds', true) ?? STALL_MS;
}
/**
 * The same for BullMQ's connections, which block on purpose (BZPOPMIN and XREAD BLOCK wait up to
 * 10 s for work): longer than their longest block, or an idle queue would count as a frozen one.
 */
const BLOCKING_STALL_MS = 15_000;

/**
 * Connection options for ioredis (and BullMQ, which opens its own connections from them): a lost
 * connection is retried with growing pauses until `gaveUp()` says the retry window is over (then
 * the connections end, and no reconnect timer keeps the process alive); BullMQ needs
 * maxRetriesPerRequest null.
 */
export function connectionOptions(a: BrokerAddress, gaveUp: () => boolean = () => false, stall = stallMs()): RedisOptions {
  return {
    socketTimeout: stall,
    host: a.host,
    port: a.port,
    username: a.username,
    password: a.password,
    db: a.db,
    tls: a.tls ? {} : undefined,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectTimeout: 5000,
    retryStrategy: (times: number) => (gaveUp() ? null : Math.min(200 * times, 2000)),
  };
}

/** The same, typed for BullMQ (which declares its own, narrower, option type). */
export function bullConnection(a: BrokerAddress, gaveUp?: () => boolean): ConnectionOptions {
  return connectionOptions(a, gaveUp, BLOCKING_STALL_MS) as ConnectionOptions;
}

/** Whether a connection's last error says the broker stopped answering (stallMs()), not that it closed. */
export function stalled(e: unknown): boolean {
  return /Socket timeout/i.test(e instanceof Error ? e.message : String(e ?? ''));
}

/** Whether a connection's error says nothing listens at the broker's address (Node's happy-eyeballs wraps it in an AggregateError). */
export function refused(e: unknown): boolean {
  const x = e as { code?: string; errors?: { code?: string }[] };
  return x?.code === 'ECONNREFUSED' || (x?.errors?.length ? x.errors.every((y) => y?.code === 'ECONNREFUSED') : false);
}

/** How a connection was lost, for E_BROKER_LOST: `who` lost it (e.g. 'worker host:1234'), `last` its last error. */
export function lostMessage(a: BrokerAddress, who: string, last: unknown, windowMs: number): string {
  const s = Math.round(windowMs / 1000);
  return stalled(last)
    ? `${who} gave up on broker ${safeUrl(a)}: it stopped answering (no reply within ${stallMs() / 1000} s; the server is frozen, paused or cut off) and did not answer again within ${s} s.`
    : `${who} lost the connection to broker ${safeUrl(a)} and could not reconnect within ${s} s.`;
}

/**
 * Waits for `p` at most `ms`. Closing a BullMQ queue or worker whose broker is gone waits for
 * commands that can never be sent; after E_BROKER_LOST nothing is owed to that broker.
 */
export async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let t: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => {}), new Promise<void>((r) => (t = setTimeout(r, ms)))]);
  clearTimeout(t);
}

/**
 * Closes a BullMQ queue, event stream or worker, waiting for the broker at most `ms`, then cuts
 * its connections: a close waits for replies (QUIT, the last lock updates) that a frozen broker
 * never sends, and an open socket would keep the process alive after its work has ended.
 */
export async function closeWithin(c: { close(): Promise<unknown>; disconnect(): Promise<unknown> }, ms: number): Promise<void> {
  await within(c.close(), ms);
  await within(c.disconnect(), 1000);
}

/**
 * The first bytes the server sends back to one plain PING, or undefined when no reply comes (refused,
 * closed, silent): a wrong port is told from the reply itself. Through ioredis alone that reply races
 * the commands ioredis pipelines after AUTH: an HTTP server answers 400 and closes, the next write
 * meets a reset, the unread 400 is dropped, and the user read 'no Redis answers (EPIPE)'.
 */
async function firstReply(a: BrokerAddress, ms = 5000, stopped?: Promise<void>): Promise<{ reply?: string; connected: boolean }> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    let got = '';
    let connected = false;
    const socket = connect({ host: a.host, port: a.port });
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ reply: got || undefined, connected });
    };
    const timer = setTimeout(done, ms);
    void stopped?.then(done);
    socket.setNoDelay(true);
    socket.on('connect', () => {
      connected = true;
      socket.write('PING\r\n');
    });
    socket.on('data', (d) => {
      got += d.toString('latin1');
      if (got.includes('\n') || got.length > 64) done();
    });
    socket.on('error', done);
    socket.on('close', done);
  });
}

/** RESP replies start with one of these type bytes (RESP2 and RESP3). */
const RESP_FIRST = new Set(['+', '-', ':', '$', '*', '_', ',', '#', '!', '=', '(', '%', '~', '>', '|']);

export interface CheckOptions {
  /** Told once when the broker accepted the connection but does not answer, and the check keeps trying. */
  notice?: (message: string) => void;
  /** Resolves at a stop signal (Ctrl-C): the check ends at once, without an error (the caller says it was stopped). */
  stopped?: Promise<void>;
}

/** Brokers (host:port) that answered in this process: a later check that gets no answer retries as a lost connection does. */
const answered = new Set<string>();
const brokerKey = (a: BrokerAddress): string => `${a.host}:${a.port}`;

/** A check that got no answer it can judge by: the broker accepted the connection and sent nothing (stalled), or it answered before. */
class NoAnswerYet extends Error {
  constructor(
    readonly why: unknown,
    /** TCP was accepted (or ioredis's command timed out on an open socket): something listens and is silent. */
    readonly silent: boolean,
  ) {
    super('no answer yet');
  }
}

/** How long the check pauses between tries while the broker does not answer. */
const CHECK_RETRY_PAUSE_MS = 1000;

/**
 * Connects once and disconnects, failing with a clear SsdpError when the broker cannot be used.
 * A broker that accepted the TCP connection and then sent nothing (a frozen redis-server, a paused
 * VM, an overloaded host), or one that answered earlier in this process, is tried again for
 * SSDP_BROKER_RETRY_MS, as a connection lost later is: a freeze in the first seconds of a run
 * failed it at once with "no Redis answers ... Start redis-server there" (tester s22 try11w E1).
 */
export async function checkBroker(a: BrokerAddress, name = 'ssdp-check', opts: CheckOptions = {}): Promise<void> {
  const windowMs = retryWindowMs();
  const t0 = Date.now();
  let told = false;
  let stopped = false;
  void opts.stopped?.then(() => (stopped = true));
  for (;;) {
    try {
      await checkOnce(a, name, opts.stopped);
      answered.add(brokerKey(a));
      return;
    } catch (e) {
      if (stopped) return;
      if (!(e instanceof NoAnswerYet)) throw e;
      const waited = Date.now() - t0;
      if (waited >= windowMs) throw noAnswer(a, e, waited);
      if (!told && opts.notice) {
        told = true;
        opts.notice(
          e.silent
            ? `broker ${safeUrl(a)} accepted the connection but sends no reply (within ${stallMs() / 1000} s): the redis-server there is frozen, paused or overloaded; retrying for ${Math.round(windowMs / 1000)} s (SSDP_BROKER_RETRY_MS)`
            : `broker ${safeUrl(a)}, which answered before, cannot be reached now (${describe(e.why)}); retrying for ${Math.round(windowMs / 1000)} s (SSDP_BROKER_RETRY_MS)`,
        );
      }
      const pause = Math.min(CHECK_RETRY_PAUSE_MS, windowMs - waited);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise((r) => (timer = setTimeout(r, pause))), opts.stopped ?? new Promise(() => {})]);
      clearTimeout(timer);
      if (stopped) return;
    }
  }
}

const describe = (e: unknown): string => ((e as { code?: string })?.code || (e instanceof Error ? e.message : String(e))).trim();

/** The check's failure once the retry window is over without an answer. */
function noAnswer(a: BrokerAddress, e: NoAnswerYet, waitedMs: number): SsdpError {
  const s = Math.round(waitedMs / 1000);
  if (answered.has(brokerKey(a))) {
    return new SsdpError('E_BROKER_LOST', lostMessage(a, 'this process', e.silent ? new Error('Socket timeout') : e.why, waitedMs), {
      hint: 'Check that redis-server is still running and reachable; SSDP_BROKER_RETRY_MS sets how long to keep trying.',
    });
  }
  return new SsdpError('E_BROKER_UNREACHABLE', `broker ${safeUrl(a)} accepted the connection but sent no reply (none within ${stallMs() / 1000} s, tried for ${s} s): something listens there and does not answer, e.g. a redis-server that is frozen (stopped, a paused VM), overloaded or stuck.`, {
    hint: `Check the server at ${a.host}:${a.port} (redis-cli -h ${a.host} -p ${a.port} ping should answer PONG; a stopped process goes on with kill -CONT), or that the port is Redis's; SSDP_BROKER_RETRY_MS sets how long ssdp keeps trying.`,
  });
}

async function checkOnce(a: BrokerAddress, name: string, stopped?: Promise<void>): Promise<void> {
  const before = answered.has(brokerKey(a));
  if (!a.tls) {
    const { reply, connected } = await firstReply(a, stallMs(), stopped);
    if (reply !== undefined && !RESP_FIRST.has(reply[0]!)) throw notRedis(a, /^HTTP\//.test(reply));
    if (reply === undefined && connected) throw new NoAnswerYet(new Error('Socket timeout'), true);
  }
  // loaded here, not at the top: the graph engine imports parseBroker and must stay light
  const { Redis } = await import('ioredis');
  const client = new Redis({ ...connectionOptions(a), lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectionName: name });
  void stopped?.then(() => client.disconnect());
  // The AUTH reply arrives as an 'error' event; connect() then only says the connection closed.
  let first: unknown;
  client.on('error', (e) => (first ??= e));
  try {
    try {
      await client.connect();
      await client.ping();
    } catch (e) {
      const why = first ?? e;
      // silent after accepting the connection (the ready check's INFO timed out), or gone after answering before
      if (stalled(why)) throw new NoAnswerYet(why, true);
      if (before && isNetworkError(why)) throw new NoAnswerYet(why, false);
      throw brokerError(a, why);
    }
    if (a.db !== 0) await checkDatabase(a, client);
    try {
      await checkKeyRights(client);
    } catch (e) {
      // only a refusal is said here; anything else (a full Redis, a blip) shows where it matters
      if (isNoPermission(e)) throw brokerError(a, e);
    }
  } finally {
    client.disconnect();
  }
}

/** A connection that failed below Redis (refused, reset, timed out, closed), not an answer of Redis's. */
function isNetworkError(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  return refused(e) || /^(ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH)$/.test(code) || /Connection is closed|connect ETIMEDOUT/i.test(e instanceof Error ? e.message : String(e));
}

/**
 * A `/N` the server does not have: ioredis only emits the SELECT's error and goes on in database 0,
 * so a run used the workers of database 0 and `ssdp worker URL/99` served database 0 (try11w W1).
 */
async function checkDatabase(a: BrokerAddress, client: Redis): Promise<void> {
  try {
    await client.select(a.db);
  } catch (e) {
    if (isNoPermission(e)) throw brokerError(a, e);
    if (!/DB index is out of range/i.test((e as Error).message)) return; // a blip: the connections made next say it
    let has = '';
    try {
      const [, n] = (await client.config('GET', 'databases')) as [string, string];
      has = `: it has ${n} (0-${Number(n) - 1})`;
    } catch {
      /* CONFIG may be denied to this user: the count is left out */
    }
    throw new SsdpError('E_BROKER_URL', `broker address '${safeUrl(a)}' names database ${a.db}, which does not exist on this server${has}.`, {
      hint: 'Give a database the server has (redis://host:port/N, N from 0 to its databases setting - 1; 16 unless configured otherwise), or none for 0.',
      exitCode: 2,
    });
  }
}

/**
 * An ACL user that may not touch ssdp's keys (`~other:*` on a shared Redis) passed the ping and
 * failed later, deep in BullMQ: the worker printed a raw EXECABORT stack and hung, a Client's
 * compute threw a bare NOPERM (try11w W7). A key of ours written, and deleted by a script, as
 * BullMQ's scripts do, shows at once whether the user may.
 */
async function checkKeyRights(client: Redis): Promise<void> {
  const key = `ssdp:check:${process.pid}:${Math.random().toString(36).slice(2)}`;
  await client.set(key, '1', 'PX', 10_000);
  await client.eval("return redis.call('del', KEYS[1])", 1, key);
}

const isNoPermission = (e: unknown): boolean => /\bNOPERM\b/.test(e instanceof Error ? e.message : String(e));

/** Connects once, failing at once with a clear SsdpError when the broker cannot be used. */
export async function connectBroker(a: BrokerAddress, name: string, gaveUp?: () => boolean, check: CheckOptions = {}): Promise<Redis> {
  // the checked client gives up at once; the one kept reconnects (connectionOptions)
  await checkBroker(a, name, check);
  const { Redis } = await import('ioredis');
  const kept = new Redis({ ...connectionOptions(a, gaveUp), connectionName: name });
  kept.on('error', () => {});
  return kept;
}

/**
 * The connection blobs travel on (codec.ts BlobStore), apart from the one carrying heartbeats,
 * worker counts and run records: a 100 MB transfer queued on that one held a worker's heartbeat
 * back until its announcement expired (the run then said no worker served it). It connects on
 * first use, so a run whose data all goes inline or through a shared folder never opens it.
 */
export async function blobConnection(a: BrokerAddress, name: string, gaveUp?: () => boolean): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const blobs = new Redis({ ...connectionOptions(a, gaveUp), connectionName: `${name}-blobs`, lazyConnect: true });
  blobs.on('error', () => {});
  return blobs;
}

/**
 * Whether Redis refused a write because it is at its maxmemory (noeviction, Redis' default policy
 * and the private broker's): 'OOM command not allowed ...', also inside a MULTI (EXECABORT with the
 * OOM among its previous errors) and as a worker's job failure text.
 */
export function isBrokerFull(e: unknown): boolean {
  const text = (x: unknown): string => (x instanceof Error ? x.message : String(x ?? ''));
  const previous = (e as { previousErrors?: unknown[] } | undefined)?.previousErrors ?? [];
  return [e, ...previous].some((x) => /\bOOM command not allowed/.test(text(x)));
}

/**
 * A full broker, said as one (tester try11u C6: it was E_WORKER_DIED or a raw ReplyError stack).
 * `memory`: its used memory and maxmemory from INFO (brokerMemory), when they could be read.
 */
export function brokerFull(a: BrokerAddress, memory?: { used: string; max: string }): SsdpError {
  const numbers = memory ? ` (used memory ${memory.used}, maxmemory ${memory.max})` : '';
  return new SsdpError('E_BROKER_FULL', `broker ${safeUrl(a)} is full: Redis refused to store the run's data because its memory use has reached its maxmemory${numbers}. No worker died; the run cannot go on until Redis has room.`, {
    hint: "Give Redis more memory (redis-cli CONFIG SET maxmemory 4gb, or maxmemory in redis.conf), let arrays travel through a folder every worker sees (SSDP_SHARED_DIR or the Client's sharedDir) instead of Redis, or, when no run is going on, delete what old runs left: redis-cli --scan --pattern 'ssdp:blob:*' | xargs -r redis-cli del.",
  });
}

/** The used memory and maxmemory INFO reports (INFO is still answered when Redis is full), or undefined. */
export async function brokerMemory(redis: Redis): Promise<{ used: string; max: string } | undefined> {
  try {
    const info = await redis.info('memory');
    const field = (k: string): string | undefined => new RegExp(`^${k}:(.*)$`, 'm').exec(info)?.[1]?.trim();
    const used = field('used_memory_human');
    const max = field('maxmemory_human');
    return used && max ? { used, max } : undefined;
  } catch {
    return undefined;
  }
}

export function brokerError(a: BrokerAddress, e: unknown): SsdpError {
  if (isBrokerFull(e)) return brokerFull(a);
  const msg = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: string }).code ?? '';
  const where = safeUrl(a);
  if (/WRONGPASS|invalid username-password|NOAUTH|AUTH failed|without any password configured/i.test(msg)) {
    return new SsdpError('E_BROKER_AUTH', `broker ${where} refused the user name or password (${msg.trim()}).`, {
      hint: 'Check the password in the URL against the server\'s requirepass or ACL user: redis://USER:PASSWORD@host:port.',
    });
  }
  if (isNoPermission(e) || (e as { previousErrors?: unknown[] }).previousErrors?.some(isNoPermission)) {
    const user = a.username ? `user '${a.username}'` : 'the default user';
    return new SsdpError('E_BROKER_PERMISSION', `broker ${where} lets ${user} in but not use ssdp's keys (ssdp:*) and scripts (${msg.trim()}).`, {
      hint: `Grant that user ssdp's keys and the commands BullMQ runs, e.g. redis-cli ACL SETUSER ${a.username || 'default'} '~ssdp:*' '&*' '+@all', or give another user in the URL.`,
    });
  }
  // ioredis's parser meets a reply that is not RESP: its own words ("Please report this") would
  // send the user to ioredis's bug tracker for a wrong address
  if (/Please report this|Unknown RESP type|Protocol error|reply type byte/i.test(msg)) return notRedis(a, /RESP type 72\b|got "H"/.test(msg));
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new SsdpError('E_BROKER_UNREACHABLE', `broker host '${a.host}' is not known here (${code}).`, { hint: 'Check the host name in the broker URL.' });
  }
  if (a.tls && code !== 'ECONNREFUSED') {
    // a plain Redis answers a TLS greeting with nothing TLS can read: the handshake just times out
    return new SsdpError('E_BROKER_UNREACHABLE', `no TLS connection to ${where} (${code || msg.trim()}): rediss:// asks for TLS, and the server there did not complete a TLS handshake; a plain redis-server (no tls-port) never does.`, {
      hint: 'For a Redis without TLS give redis://host:port; for TLS, check that the port is its tls-port.',
    });
  }
  return new SsdpError('E_BROKER_UNREACHABLE', `no Redis answers at ${where} (${code || msg.trim()}).`, {
    hint: 'Start redis-server there (or check the host, port and firewall), then try again.',
  });
}

function notRedis(a: BrokerAddress, http: boolean): SsdpError {
  return new SsdpError('E_BROKER_NOT_REDIS', `something that is not Redis answers at ${safeUrl(a)}${http ? ' (it answered HTTP)' : ''}: its reply is not in Redis's protocol.`, {
    hint: 'Check the port in the broker URL: Redis listens on 6379 unless configured otherwise (redis-cli -h HOST -p PORT ping answers PONG).',
  });
}

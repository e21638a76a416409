/**
 * The broker address (`redis://[user:password@]host:port[/db]`): checked before anything connects,
 * and a first connection that fails at once with a clear reason (nothing answers, wrong password,
 * unknown host) instead of ioredis's endless reconnect loop.
 */
import type { Redis, RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';
import { SsdpError } from '../util/errors.js';
export interface BrokerAddress {
    readonly url: string;
    readonly host: string;
    readonly port: number;
    readonly username?: string;
    readonly password?: string;
    readonly db: number;
    readonly tls: boolean;
}
/** The URL without its password, for messages and logs. */
export declare function safeUrl(a: BrokerAddress): string;
export declare function parseBroker(url: string): BrokerAddress;
/** How long a lost broker connection is retried before the run or worker gives up (SSDP_BROKER_RETRY_MS). */
export declare function retryWindowMs(): number;
/**
 * Connection options for ioredis (and BullMQ, which opens its own connections from them): a lost
 * connection is retried with growing pauses until `gaveUp()` says the retry window is over (then
 * the connections end, and no reconnect timer keeps the process alive); BullMQ needs
 * maxRetriesPerRequest null.
 */
export declare function connectionOptions(a: BrokerAddress, gaveUp?: () => boolean): RedisOptions;
/** The same, typed for BullMQ (which declares its own, narrower, option type). */
export declare function bullConnection(a: BrokerAddress, gaveUp?: () => boolean): ConnectionOptions;
/**
 * Waits for `p` at most `ms`. Closing a BullMQ queue or worker whose broker is gone waits for
 * commands that can never be sent; after E_BROKER_LOST nothing is owed to that broker.
 */
export declare function within(p: Promise<unknown>, ms: number): Promise<void>;
/** Connects once and disconnects, failing with a clear SsdpError when the broker cannot be used. */
export declare function checkBroker(a: BrokerAddress, name?: string): Promise<void>;
/** Connects once, failing at once with a clear SsdpError when the broker cannot be used. */
export declare function connectBroker(a: BrokerAddress, name: string, gaveUp?: () => boolean): Promise<Redis>;
export declare function brokerError(a: BrokerAddress, e: unknown): SsdpError;

/** `runOnBroker(url, fn)`: a Client on the broker for the length of `fn`, closed whatever happens. */
import { Client } from '../graph/client.js';
export declare function runOnBroker<T>(broker: string, fn: (client: Client) => Promise<T>, opts?: {
    sharedDir?: string;
}): Promise<T>;

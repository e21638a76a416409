/** `runOnBroker(url, fn)`: a Client on the broker for the length of `fn`, closed whatever happens. */
import { Client } from '../graph/client.js';
export async function runOnBroker(broker, fn, opts = {}) {
    const client = new Client({ broker, sharedDir: opts.sharedDir });
    try {
        await client.ready();
        return await fn(client);
    }
    finally {
        await client.close();
    }
}
//# sourceMappingURL=run-on-broker.js.map
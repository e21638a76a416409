/** Script entry used by bin/ssdp and by tests that spawn the CLI. */
import { main } from './main.js';
await main(process.argv.slice(2));
//# sourceMappingURL=entry.js.map
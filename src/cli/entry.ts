/** Script entry used by bin/ssdp and by tests that spawn the CLI. */
import { main } from './main.js';

// The shell hook runs ssdp without the caller's NODE_OPTIONS and hands them over here, for the
// processes ssdp starts (see src/shell/hook.ts).
const handed = process.env.__SSDP_NODE_OPTIONS;
if (handed !== undefined) {
  delete process.env.__SSDP_NODE_OPTIONS;
  if (handed.startsWith('set:')) process.env.NODE_OPTIONS = handed.slice(4);
  else delete process.env.NODE_OPTIONS;
}

await main(process.argv.slice(2));

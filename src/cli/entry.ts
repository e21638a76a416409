/**
 * Script entry used by bin/ssdp and by tests that spawn the CLI. No top-level await: the same
 * module is the entry of the env commands' one-file bundle (see ./launch.ts), a CommonJS script.
 */
import { main } from './main.js';
import { watchOutputFaults } from '../util/output-faults.js';

async function start(): Promise<void> {
  // stdout on a full disk or a closed pipe: one coded line, or nothing, instead of a stack.
  watchOutputFaults();
  // bin/ssdp kept node from reading NODE_EXTRA_CA_CERTS at start (see src/util/extra-ca.ts); it does
  // so for the env commands only, so the shell's fast path (activate, hook) never loads that module.
  if (process.env.__SSDP_EXTRA_CA_CERTS !== undefined) (await import('../util/extra-ca.js')).takeHandedCAs();

  // The shell hook runs ssdp without the caller's NODE_OPTIONS and hands them over here, for the
  // processes ssdp starts (see src/shell/hook.ts).
  const handed = process.env.__SSDP_NODE_OPTIONS;
  if (handed !== undefined) {
    delete process.env.__SSDP_NODE_OPTIONS;
    if (handed.startsWith('set:')) process.env.NODE_OPTIONS = handed.slice(4);
    else delete process.env.NODE_OPTIONS;
  }

  // A command still waiting when nothing is left to wait on (a promise no event can settle) would
  // end with Node's bare exit 13 and no word; say it is ssdp's fault instead.
  let settled = false;
  process.once('beforeExit', () => {
    if (settled) return;
    const argv = process.argv.slice(2);
    const json = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : undefined).includes('--json');
    void import('../util/errors.js').then(({ reportError, SsdpError }) => {
      reportError(new SsdpError('E_INTERNAL', `ssdp ${argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')} stopped before it finished: it was left waiting for something that can no longer happen (a bug in ssdp)`, {
        hint: 'run it again; if it stops the same way, report it with the command line',
      }), json);
      process.exit(70);
    });
  });
  await main(process.argv.slice(2));
  settled = true;
}

void start();

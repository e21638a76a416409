/**
 * Entry point. The command line is parsed once, against the option table (./options.ts), before
 * anything runs: an unknown option stops here with exit 2. Then the command's own module runs;
 * yargs is loaded only to print help or to explain an unknown command.
 */
import { reportError, SsdpError } from '../util/errors.js';
import { parseCommandLine, type CommandName } from './options.js';
import { dispatch, OWN_HELP } from './handlers.js';

export async function main(argv: string[]): Promise<void> {
  // Known before parsing, so even a parse error is reported as JSON when --json was asked for.
  let json = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : undefined).includes('--json');
  let command: CommandName | undefined;
  try {
    const p = parseCommandLine(argv);
    command = p.command;
    json = p.values.json === true;
    let code: number | void;
    if (p.version) {
      const { ssdpVersion } = await import('./version.js');
      process.stdout.write(json ? JSON.stringify({ ssdp: ssdpVersion() }) + '\n' : ssdpVersion() + '\n');
      code = 0;
    } else if (p.command && (!p.help || OWN_HELP.has(p.command))) code = await dispatch(p as typeof p & { command: CommandName });
    else code = await (await import('./app.js')).runApp(argv);
    if (typeof code === 'number') process.exitCode = code;
  } catch (e) {
    process.exitCode = reportError(withUsageHint(e, command), json);
  }
}

/** A command-line mistake always points at the command's help, in the one hint style. */
function withUsageHint(e: unknown, command: CommandName | undefined): unknown {
  if (!(e instanceof SsdpError) || e.hint || e.exitCode !== 2) return e;
  return new SsdpError(e.code, e.message, { hint: `See: ssdp${command ? ` ${command}` : ''} --help`, exitCode: e.exitCode, cause: e.cause });
}

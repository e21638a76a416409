/**
 * The full CLI: yargs with one module per command group in ./commands. Each module exports
 * `register(yargs)`; handlers parse options, call the library and print through the reporter.
 */
import yargs, { type Argv } from 'yargs';
import { commandModules } from './commands/index.js';
import { formatError } from '../util/errors.js';

export function globalOptions(y: Argv): Argv {
  return y
    .option('root', { type: 'string', describe: 'ssdp root (package store, named envs); default $SSDP_ROOT or ~/.ssdp', global: true })
    .option('json', { type: 'boolean', describe: 'machine-readable output', global: true })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'less output', global: true });
}

export async function runApp(argv: string[]): Promise<number> {
  let y = globalOptions(yargs(argv).scriptName('ssdp'));
  for (const m of commandModules) y = m.register(y);
  let failure: unknown;
  await y
    .demandCommand(1, 'Name a command; see ssdp --help.')
    .strict()
    .recommendCommands()
    .help()
    .version(false)
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`ssdp: ${msg}\nRun 'ssdp --help' for usage.\n`);
      failure = 2;
    })
    .parseAsync()
    .catch((e: unknown) => {
      failure = e;
    });
  if (failure === 2) return 2;
  if (failure !== undefined) {
    process.stderr.write(formatError(failure) + '\n');
    return (failure as { exitCode?: number }).exitCode ?? 1;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

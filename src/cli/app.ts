/**
 * yargs, built from the option table (./options.ts), serves what the table parser leaves to it:
 * --help for every command and the error for an unknown command (with its did-you-mean).
 * Commands themselves run through ./handlers.ts, so yargs never runs one.
 */
import type { Argv } from 'yargs';
import { SsdpError } from '../util/errors.js';
import { COMMANDS, GROUPS, optionsOf, OPTIONS, type CommandName } from './options.js';

const GROUP_DESCRIBE: Record<(typeof GROUPS)[number], string> = {
  env: 'create, list, remove, export and update environments',
  shell: 'shell integration: hook code and activation scripts',
};

function declare<T>(y: Argv<T>, command: CommandName): Argv<T> {
  for (const [name, s] of optionsOf(command)) {
    if (s.commands === 'global') continue;
    y = y.option(name, { type: s.type === 'strings' ? 'string' : s.type, array: s.type === 'strings', alias: s.alias, describe: s.describe, default: s.default, choices: s.choices });
  }
  return y;
}

const commandsOf = (group: string | undefined) =>
  (Object.keys(COMMANDS) as CommandName[]).filter((c) => (group ? c.startsWith(`${group} `) : !c.includes(' ')));

function addCommands<T>(y: Argv<T>, group?: string): Argv<T> {
  for (const c of commandsOf(group)) {
    const { positionals, describe } = COMMANDS[c];
    // Never called: ./handlers.ts runs commands. yargs only needs to know they exist.
    y = y.command(`${c.split(' ').pop()}${positionals ? ` ${positionals}` : ''}`, describe, (x) => declare(x, c), () => {});
  }
  return y;
}

export async function runApp(argv: string[]): Promise<number> {
  // Imported here, not at the top: yargs is ES-only, and the env commands' bundle (CommonJS) loads
  // such packages only through import(), where Node may not require() them (scripts/bundle-cli.mjs).
  const { default: yargs } = await import('yargs');
  let y: Argv = yargs(argv).scriptName('ssdp');
  for (const [name, s] of Object.entries(OPTIONS)) {
    if (s.commands === 'global') y = y.option(name, { type: s.type as 'string' | 'boolean', alias: 'alias' in s ? s.alias : undefined, describe: s.describe, global: true });
  }
  y = addCommands(y);
  for (const g of GROUPS) {
    y = y.command(`${g} <command>`, GROUP_DESCRIBE[g], (x) => addCommands(x, g).demandCommand(1, `Name a command of ssdp ${g}: ${commandsOf(g).map((c) => c.split(' ')[1]).join(', ')}.`));
  }
  await y
    .demandCommand(1, 'Name a command; see ssdp --help.')
    .strict()
    .recommendCommands()
    .help()
    // -h is --help, as in conda, npm and git (the tester's s14 B7: it was "Unknown argument: h").
    .alias('help', 'h')
    .version(false)
    .option('version', { type: 'boolean', describe: "show ssdp's version", global: false })
    .fail((msg, err) => {
      if (err) throw err;
      // recommendCommands' message is only the suggestion: say what was not understood.
      const words = argv.filter((a) => !a.startsWith('-')).join(' ');
      const message = /^Did you mean/.test(msg) ? `unknown command '${words}'. ${msg}` : msg.replace(/\s+$/, '');
      throw new SsdpError('E_BAD_ARGS', message, { hint: 'See: ssdp --help', exitCode: 2 });
    })
    .parseAsync();
  return 0;
}

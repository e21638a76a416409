/** The command groups, in the order `ssdp --help` lists them. */
import type { Argv } from 'yargs';

export interface CommandModule {
  register(y: Argv): Argv;
}

export const commandModules: CommandModule[] = [];

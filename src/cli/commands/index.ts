/** The command groups, in the order `ssdp --help` lists them. Each group has its own owner module. */
import type { Argv } from 'yargs';
import * as env from './env.js';
import * as packages from './packages.js';
import * as run from './run.js';
import * as shell from './shell.js';
import * as workflow from './workflow.js';

export interface CommandModule {
  register(y: Argv): Argv;
}

export const commandModules: CommandModule[] = [env, packages, run, workflow, shell];

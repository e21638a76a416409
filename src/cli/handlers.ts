/**
 * Which module runs each command. Modules are imported only for the command at hand, and none
 * of them loads yargs: that is for --help and unknown commands only (./app.ts). The shell
 * subcommands go straight to src/shell/commands.ts, the lightest path, since activation runs at
 * every `ssdp activate`.
 */
import type { CommandName, Handler, ParsedCommandLine } from './options.js';

type Module = { handlers: Partial<Record<CommandName, Handler>> };

const envCommands = (): Promise<Module> => import('./commands/env.js');
const packageCommands = (): Promise<Module> => import('./commands/packages.js');
const runCommands = (): Promise<Module> => import('./commands/run.js');
const shellCommands = (): Promise<Module> => import('./commands/shell.js');
const workerCommand = (): Promise<Module> => import('./commands/worker.js');
const shellCode = async (): Promise<Module> => {
  const { runShell } = await import('../shell/commands.js');
  const h: Handler = (p) => runShell(p);
  return { handlers: { 'shell hook': h, 'shell activate': h, 'shell deactivate': h } };
};

const OWNER: Record<CommandName, () => Promise<Module>> = {
  create: packageCommands,
  install: packageCommands,
  remove: packageCommands,
  update: packageCommands,
  list: packageCommands,
  clean: packageCommands,
  info: envCommands,
  run: runCommands,
  tasks: runCommands,
  'env create': envCommands,
  'env list': envCommands,
  'env remove': envCommands,
  'env export': envCommands,
  'env update': envCommands,
  'shell hook': shellCode,
  'shell activate': shellCode,
  'shell deactivate': shellCode,
  init: shellCommands,
  activate: shellCommands,
  deactivate: shellCommands,
  worker: workerCommand,
};

/** Commands whose --help is their own (activation help goes to stderr, see src/shell). */
export const OWN_HELP: ReadonlySet<CommandName> = new Set(['shell activate', 'shell deactivate']);

export async function dispatch(p: ParsedCommandLine & { command: CommandName }): Promise<number | void> {
  const m = await OWNER[p.command]();
  return m.handlers[p.command]!(p);
}

/**
 * Commands that must start fast (shell activation). Each handler gets the arguments after the
 * command word and returns an exit code. Keep imports here lazy and small: the shell handler
 * loads only src/shell (node builtins and src/env/prefix.ts), never yargs or package-manager
 * code. What it does not serve (help) goes to the full CLI.
 */
export type FastHandler = (args: string[]) => Promise<number | void>;

export const fastPathCommands: Record<string, FastHandler> = {
  async shell(args) {
    const { runShellCommand } = await import('../shell/commands.js');
    return (await runShellCommand(args)) ?? (await import('./app.js')).runApp(['shell', ...args]);
  },
  // Env commands run often (and in benchmarks): parsed without yargs, falling back to it.
  env: async (args) => (await import('./commands/env-fast.js')).envFast(args),
  create: async (args) => (await import('./commands/env-fast.js')).createFast(args),
  list: async (args) => (await import('./commands/env-fast.js')).listFast(args),
  run: async (args) => (await import('./commands/env-fast.js')).runFast(args),
};

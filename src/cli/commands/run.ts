/**
 * `ssdp run` has two meanings, told apart by -n/-p: with an env it runs one command inside it
 * (src/env/run-command.ts), without one it runs a workflow task of ./ssdp.yaml (src/workflow).
 */
import type { Argv } from 'yargs';

export function register(y: Argv): Argv {
  return y.command(
    'run [task] [args..]',
    'run a command inside an env (-n NAME -- CMD ...) or a workflow task of ssdp.yaml',
    (yy) =>
      yy
        .positional('task', { type: 'string', describe: 'workflow task (without -n/-p)' })
        .option('name', { alias: 'n', type: 'string', describe: 'env name' })
        .option('prefix', { alias: 'p', type: 'string', describe: 'env prefix path' })
        .option('jobs', { alias: 'j', type: 'number', describe: 'workflow: parallel workers (default: all cores)' })
        .option('param', { type: 'string', array: true, describe: 'workflow: KEY=VALUE, overrides a parameter of ssdp.yaml' })
        .option('dry-run', { type: 'boolean', describe: 'workflow: print what would run and stop' })
        .option('graph', { type: 'string', describe: 'workflow: draw the task graph to FILE.svg or FILE.dot' })
        .option('force', { type: 'boolean', describe: 'workflow: run every step again, even up-to-date ones' })
        .option('workflow', { type: 'string', describe: 'workflow file (default: ./ssdp.yaml or the nearest one above)' })
        .option('on-missing', { type: 'string', choices: ['error', 'skip'], describe: 'workflow: what a missing or unreadable input does' })
        .option('offline', { type: 'boolean', describe: 'never contact the registry' })
        .parserConfiguration({ 'populate--': true, 'unknown-options-as-args': false })
        .strict(false),
    async (argv) => {
      if (argv.name !== undefined || argv.prefix !== undefined) {
        const { runCommandCli } = await import('../../env/run-command.js');
        process.exitCode = await runCommandCli(argv as never);
      } else {
        const { runTaskCli } = await import('../../workflow/cli.js');
        process.exitCode = await runTaskCli(argv as never);
      }
    },
  );
}

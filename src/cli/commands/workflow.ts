import type { Argv } from 'yargs';

export function register(y: Argv): Argv {
  return y.command(
    'tasks',
    "list the tasks and parameters of the workflow (ssdp.yaml)",
    (yy) => yy.option('workflow', { type: 'string', describe: 'workflow file (default: ./ssdp.yaml or the nearest one above)' }),
    async (argv) => {
      const { listTasksCli } = await import('../../workflow/cli.js');
      process.exitCode = await listTasksCli(argv as never);
    },
  );
}

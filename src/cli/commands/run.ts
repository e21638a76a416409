/**
 * `ssdp run` has two meanings, told apart by -n/-p: with an env it runs one command inside it
 * (src/env/run-command.ts), without one it runs a workflow task of ./ssdp.yaml (src/workflow).
 * As with `conda run`, the command word and everything after it belong to the command, so
 * `ssdp run -n E node -v` passes -v to node (the option parser stops there; `--` still works).
 */
import { SsdpError } from '../../util/errors.js';
import { settingsOf, type CommandName, type Handler } from '../options.js';
import { withoutPositionals } from './env.js';

const WORKFLOW_ONLY = ['jobs', 'param', 'graph', 'on-missing', 'workflow', 'dry-run', 'force', 'wait-lock', 'cluster', 'workers', 'broker', 'dashboard', 'dashboard-port'] as const;

const run: Handler = async (p) => {
  const a = settingsOf(p, 'run');
  if (a.name !== undefined || a.prefix !== undefined) {
    const stray = WORKFLOW_ONLY.find((k) => a[k] !== undefined);
    if (stray) throw new SsdpError('E_BAD_ARGS', `--${stray} is an option of workflow runs, not of ssdp run -n/-p.`, { hint: 'Options for the command go after it: ssdp run -n ENV CMD --its-options', exitCode: 2 });
    const { runCommandCli } = await import('../../env/run-command.js');
    return runCommandCli({ root: a.root, name: a.name, prefix: a.prefix, '--': a.rest });
  }
  const { runTaskCli } = await import('../../workflow/cli.js');
  const [task, ...args] = a.positionals;
  return runTaskCli({ ...a, task, args: [...args, ...a.rest] });
};

export const handlers: Partial<Record<CommandName, Handler>> = {
  run,
  tasks: withoutPositionals('tasks', async (a) => (await import('../../workflow/cli.js')).listTasksCli(a)),
};

/**
 * Fast paths for the env commands people run most (`env create`, `create`, `env list`, `list`,
 * `run -n/-p -- CMD`): loading yargs costs more than a whole warm env create, so these are parsed
 * with node:util's parseArgs before yargs is loaded. Anything unusual (help, unknown options,
 * other subcommands) falls back to the full yargs CLI, which owns usage and error messages.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Handler = (args: string[]) => Promise<number | void>;

const GLOBAL: Options = {
  root: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
};
const TARGET: Options = { name: { type: 'string', short: 'n' }, prefix: { type: 'string', short: 'p' } };
const CREATE: Options = {
  ...GLOBAL,
  ...TARGET,
  file: { type: 'string', short: 'f' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
  offline: { type: 'boolean' },
  'allow-scripts': { type: 'string', multiple: true },
  before: { type: 'string' },
};

const fallback = async (argv: string[]) => (await import('../app.js')).runApp(argv);

/** Parses strictly; undefined when yargs should handle it (help, typos, odd shapes). */
function parse(args: string[], options: Options, positionals: boolean) {
  if (args.some((a) => a === '--help' || a === '-h')) return undefined;
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true, tokens: true });
  } catch {
    return undefined;
  }
}

const positionalsBefore = (p: NonNullable<ReturnType<typeof parse>>) => {
  const end = p.tokens!.findIndex((t) => t.kind === 'option-terminator');
  return end < 0 ? p.positionals : p.tokens!.slice(0, end).filter((t) => t.kind === 'positional').map((t) => (t as { value: string }).value);
};

async function create(words: string[], args: string[]): Promise<number | void> {
  const p = parse(args, CREATE, true);
  if (!p || positionalsBefore(p).length !== p.positionals.length) return fallback([...words, ...args]);
  const { createCommand } = await import('./env.js');
  await createCommand({ ...p.values, packages: p.positionals }, words);
}

async function list(words: string[], args: string[], options: Options): Promise<number | void> {
  const p = parse(args, options, false);
  if (!p) return fallback([...words, ...args]);
  const { listEnvsCommand, listPackagesCommand } = await import('./env.js');
  await (words[0] === 'env' ? listEnvsCommand(p.values) : listPackagesCommand(p.values));
}

export const envFast: Handler = async (args) => {
  const [sub, ...rest] = args;
  if (sub === 'create') return create(['env', 'create'], rest);
  if (sub === 'list') return list(['env', 'list'], rest, GLOBAL);
  return fallback(['env', ...args]);
};

export const createFast: Handler = (args) => create(['create'], args);

export const listFast: Handler = (args) => list(['list'], args, { ...GLOBAL, ...TARGET, revisions: { type: 'boolean' } });

/** `run -n NAME|-p PATH -- CMD ARGS`; without -n/-p it is a workflow task (yargs path). */
export const runFast: Handler = async (args) => {
  const end = args.indexOf('--');
  const head = end < 0 ? args : args.slice(0, end);
  const p = parse(head, { ...GLOBAL, ...TARGET }, false);
  if (!p || end < 0 || (p.values.name === undefined && p.values.prefix === undefined)) return fallback(['run', ...args]);
  const { runCommandCli } = await import('../../env/run-command.js');
  return runCommandCli({ ...p.values, '--': args.slice(end + 1) });
};

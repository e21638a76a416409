/**
 * The one table of ssdp's commands and options. yargs (help, the full CLI), the fast paths and
 * the shell activation parser are all built from it, so an option is declared once and every
 * parser rejects the same typos the same way: before anything runs, exit 2, with a suggestion.
 *
 * This module is on the activation fast path: it imports nothing but ../util/errors.js.
 */
import { SsdpError } from '../util/errors.js';
import { editDistance } from '../util/edit-distance.js';

type OptionType = 'string' | 'boolean' | 'number' | 'strings';

interface OptionSpec {
  type: OptionType;
  alias?: string;
  describe: string;
  /** The commands that have it; 'global' options apply to every command. */
  commands: readonly CommandName[] | 'global';
  default?: boolean;
  choices?: readonly string[];
}

/** Every command, with its positional arguments in yargs' notation. */
export const COMMANDS = {
  create: { positionals: '[packages..]', describe: 'create an env (same as ssdp env create)' },
  install: { positionals: '[packages..]', describe: 'add packages to an env, or roll back with --revision N' },
  remove: { positionals: '[packages..]', describe: 'remove packages from an env' },
  update: { positionals: '[packages..]', describe: 'update packages (or --all) to the newest versions the specs allow' },
  list: { positionals: '', describe: 'list the packages of an env (--revisions: its history)' },
  clean: { positionals: '', describe: 'delete store entries no env uses' },
  info: { positionals: '', describe: "show ssdp's version and settings; --envs lists envs" },
  run: { positionals: '[task] [args..]', describe: 'run a command inside an env (-n NAME CMD ...) or a workflow task of ssdp.yaml' },
  tasks: { positionals: '', describe: 'list the tasks and parameters of the workflow (ssdp.yaml)' },
  'env create': { positionals: '[packages..]', describe: 'create an env from a spec file (-f) or packages' },
  'env list': { positionals: '', describe: 'list envs; the active one is marked *' },
  'env remove': { positionals: '', describe: 'remove an env' },
  'env export': { positionals: '', describe: 'print a spec that recreates the env (exact pins by default)' },
  'env update': { positionals: '', describe: 'update an env from a spec file' },
  'shell hook': { positionals: '<shell>', describe: 'print the code that defines the ssdp shell function (bash, zsh, fish, sh)' },
  'shell activate': { positionals: '<shell> [env]', describe: 'print the code that activates an env in that shell' },
  'shell deactivate': { positionals: '<shell>', describe: 'print the code that deactivates the active env' },
  init: { positionals: '[shells..]', describe: 'add the shell hook to ~/.bashrc, ~/.zshrc or fish conf.d (marked block)' },
  activate: { positionals: '[env]', describe: 'activate an env in this shell (needs the shell hook: ssdp init)' },
  deactivate: { positionals: '', describe: 'deactivate the active env in this shell (needs the shell hook)' },
  worker: { positionals: '', describe: 'run tasks for clients of a Redis broker (--broker redis://...), in child processes from the env' },
} as const;

export type CommandName = keyof typeof COMMANDS;
/** Words that only group subcommands. */
export const GROUPS = ['env', 'shell'] as const;

const CREATE = ['create', 'env create'] as const;
const CHANGE = [...CREATE, 'install', 'update', 'env update'] as const;
const TARGET = [...CHANGE, 'remove', 'list', 'env remove', 'env export', 'run', 'shell activate', 'activate', 'worker'] as const;
const ACTIVATE = ['shell activate', 'activate'] as const;

export const OPTIONS = {
  root: { type: 'string', commands: 'global', describe: 'ssdp root (package store, named envs); default $SSDP_ROOT or ~/.ssdp' },
  json: { type: 'boolean', commands: 'global', describe: 'machine-readable output; errors too ({"error":{...}} on stdout)' },
  quiet: { type: 'boolean', alias: 'q', commands: 'global', describe: 'print only results and errors' },
  name: { type: 'string', alias: 'n', commands: TARGET, describe: 'env name (under ROOT/envs)' },
  prefix: { type: 'string', alias: 'p', commands: TARGET, describe: 'env prefix path' },
  file: { type: 'string', alias: 'f', commands: [...CREATE, 'env export', 'env update'], describe: 'spec file (environment.yml shape) or lockfile; env export: write to this file' },
  'dry-run': { type: 'boolean', commands: [...CHANGE, 'remove', 'env remove', 'run'], describe: 'show what would be done, change nothing' },
  force: { type: 'boolean', commands: [...CREATE, 'run', 'env export'], describe: 'create: replace an existing env; run: run every step again; env export: replace a file that is not an env spec or lockfile' },
  offline: { type: 'boolean', commands: [...CHANGE, 'remove', 'run'], describe: 'use only cached metadata and the package store' },
  'allow-scripts': { type: 'strings', commands: CHANGE, describe: 'packages whose install scripts may run (a,b or repeated)' },
  before: { type: 'string', commands: CHANGE, describe: 'only versions published before this date (minimum release age)' },
  revision: { type: 'string', commands: ['install'], describe: 'restore this revision (see ssdp list --revisions)' },
  all: { type: 'boolean', commands: ['update'], describe: 'update everything' },
  prune: { type: 'boolean', commands: ['env update'], describe: 'remove what the spec no longer lists' },
  revisions: { type: 'boolean', commands: ['list'], describe: 'list revisions with what each changed' },
  verify: { type: 'boolean', commands: ['clean'], describe: 're-hash every stored file and repair entries that changed (e.g. edited through an env)' },
  'from-history': { type: 'boolean', commands: ['env export'], describe: 'the packages as you asked for them' },
  lock: { type: 'boolean', commands: ['env export'], describe: 'the lockfile (exact tree)' },
  envs: { type: 'boolean', commands: ['info'], describe: 'list envs (like ssdp env list)' },
  jobs: { type: 'number', alias: 'j', commands: ['run'], describe: 'workflow: parallel workers (default: all cores)' },
  cluster: { type: 'string', commands: ['run'], choices: ['slurm'], describe: "workflow: run on workers started on a cluster (slurm: sbatch arrays; settings from ssdp.yaml's cluster: block)" },
  workers: { type: 'number', commands: ['run'], describe: 'workflow, with --cluster: number of cluster workers (default: cluster.slurm.workers, else 1)' },
  param: { type: 'strings', commands: ['run'], describe: 'workflow: KEY=VALUE, overrides a parameter of ssdp.yaml' },
  graph: { type: 'string', commands: ['run'], describe: 'workflow: draw the task graph to FILE.svg or FILE.dot' },
  'on-missing': { type: 'string', commands: ['run'], choices: ['error', 'skip'], describe: 'workflow: what a missing or unreadable input does' },
  'wait-lock': { type: 'boolean', commands: ['run'], describe: 'workflow: wait for another run of the same workflow to finish instead of stopping' },
  dashboard: { type: 'boolean', commands: ['run'], describe: 'workflow: serve a live dashboard on 127.0.0.1 while the run goes on (address on stderr)' },
  'dashboard-port': { type: 'number', commands: ['run'], describe: 'workflow: port of the dashboard (implies --dashboard; default 8787 or the next free one)' },
  broker: { type: 'string', commands: ['worker', 'run'], describe: 'worker: Redis broker to serve (default $SSDP_BROKER); run: run the workflow\'s steps on the workers serving it: redis://[user:password@]host:port' },
  nprocs: { type: 'number', commands: ['worker'], describe: 'worker: child processes running tasks (default 1)' },
  workflow: { type: 'string', commands: ['run', 'tasks'], describe: 'workflow file (default: ./ssdp.yaml or the nearest one above)' },
  stack: { type: 'boolean', commands: ACTIVATE, describe: "keep the active env's bin on PATH (deactivate returns to it)" },
  prompt: { type: 'boolean', commands: ACTIVATE, default: true, describe: 'show (NAME) in the prompt; --no-prompt or SSDP_CHANGEPS1=false turn it off' },
  reverse: { type: 'boolean', commands: ['init'], describe: 'remove the block ssdp init added' },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;
type Spec<K extends OptionName> = (typeof OPTIONS)[K];
type ValueOf<T extends OptionType> = T extends 'string' ? string : T extends 'boolean' ? boolean : T extends 'number' ? number : string[];
type Has<K extends OptionName, C extends CommandName> = Spec<K>['commands'] extends 'global' ? true : C extends Spec<K>['commands'][number] ? true : false;

/** The typed settings of one command: its options (as given) and its positionals. */
export type Settings<C extends CommandName> = { [K in OptionName as Has<K, C> extends true ? K : never]?: ValueOf<Spec<K>['type']> } & {
  /** Positional words after the command words. */
  positionals: string[];
  /** `ssdp run -n ENV CMD ...`: the command and everything after it; after `--` otherwise. */
  rest: string[];
};

export interface ParsedCommandLine {
  /** The command, or undefined when the words name none (yargs then says so). */
  command?: CommandName;
  words: string[];
  values: Record<string, unknown>;
  positionals: string[];
  rest: string[];
  help: boolean;
  version: boolean;
}

const SPECS: ReadonlyArray<[string, OptionSpec]> = Object.entries(OPTIONS);
const byAlias = new Map(SPECS.filter(([, s]) => s.alias).map(([n, s]) => [s.alias!, n]));

export function optionsOf(command: CommandName): Array<[OptionName, OptionSpec]> {
  return SPECS.filter(([, s]) => s.commands === 'global' || s.commands.includes(command)) as Array<[OptionName, OptionSpec]>;
}

function isCommand(words: string[]): CommandName | undefined {
  const w = words.join(' ');
  return Object.hasOwn(COMMANDS, w) ? (w as CommandName) : undefined;
}

/** The closest option names of `command` to a mistyped one, best first. */
export function suggestOptions(typed: string, command: CommandName | undefined): string[] {
  const bare = typed.replace(/^-+/, '').replace(/=.*/, '');
  const specs = (command ? optionsOf(command) : SPECS) as ReadonlyArray<readonly [string, OptionSpec]>;
  // `--no-promt`: a switch turned off, misspelled; suggested as --no-prompt (tester s19 try8n N4)
  if (bare.startsWith('no-')) {
    const off = closest(bare.slice(3), specs.filter(([, s]) => s.type === 'boolean').map(([n]) => n));
    if (off.length) return off.map((n) => `--no-${n}`);
  }
  return closest(bare, specs.map(([n]) => n)).map((n) => `--${n}`);
}

/** The names near enough to `bare` to be what was meant, best first. */
function closest(bare: string, names: readonly string[]): string[] {
  const squash = (s: string) => s.replace(/[-_]/g, '').toLowerCase();
  const scored = names
    .map((n) => ({ n, d: Math.min(editDistance(bare, n, { transpositions: true }), squash(bare) === squash(n) ? 0 : Infinity, n.startsWith(bare) && bare.length >= 3 ? 1 : Infinity) }))
    .filter((x) => x.d <= Math.max(1, Math.floor(x.n.length / 3)))
    .sort((a, b) => a.d - b.d);
  return scored.map((x) => x.n);
}

function unknownOption(typed: string, command: CommandName | undefined): SsdpError {
  const where = command ? `ssdp ${command}` : 'ssdp';
  const bare = typed.replace(/=.*/, '');
  const known = byName(typed);
  const [best] = /^-v$|^--?ver/i.test(bare) && !command ? ['--version'] : suggestOptions(typed, command);
  const [other] = best ? [] : suggestOptions(typed, undefined);
  const why = known
    ? ` (${bare} belongs to other commands).`
    : best
      ? `; did you mean ${best}?`
      : other
        ? ` (${other} is an option of other commands, not of this one).`
        : '.';
  return new SsdpError('E_UNKNOWN_OPTION', `${where} has no option ${bare}${why} Nothing was done.`, { hint: `See: ${where} --help`, exitCode: 2 });
}

function unknownCommand(words: string[]): SsdpError {
  const typed = words.join(' ');
  const group = (GROUPS as readonly string[]).includes(words[0]!) ? words[0] : undefined;
  const names = [...(Object.keys(COMMANDS) as string[]), ...GROUPS].filter((c) => (group ? c.startsWith(`${group} `) : !c.includes(' ')));
  if (group && words.length === 1) {
    return new SsdpError('E_BAD_ARGS', `ssdp ${group} needs a command: ${names.map((n) => n.split(' ')[1]).join(', ')}.`, { hint: `See: ssdp ${group} --help.`, exitCode: 2 });
  }
  // A group's command without its group (`ssdp export`: the README lists env export among the
  // bundled commands by its short name) is that command, before any spelling neighbour.
  const grouped = group ? undefined : (Object.keys(COMMANDS) as string[]).find((c) => GROUPS.some((g) => c === `${g} ${typed}`));
  const [best] = grouped
    ? [{ n: grouped }]
    : names
        .map((n) => ({ n, d: editDistance(typed, n, { transpositions: true }) }))
        .filter((x) => x.d <= Math.max(1, Math.floor(x.n.length / 3)))
        .sort((a, b) => a.d - b.d);
  return new SsdpError('E_BAD_ARGS', `ssdp has no command '${typed}'${best ? `; did you mean ssdp ${best.n}?` : '.'} Nothing was done.`, {
    hint: `See: ssdp${group ? ` ${group}` : ''} --help.`,
    exitCode: 2,
  });
}

function byName(token: string): [string, OptionSpec] | undefined {
  const m = /^(--?)(no-)?([^=]+)/.exec(token);
  if (!m) return undefined;
  const name = m[1] === '-' ? byAlias.get(m[3]!) : m[3]!;
  const spec = name !== undefined && Object.hasOwn(OPTIONS, name) ? (OPTIONS as Record<string, OptionSpec>)[name] : undefined;
  return spec && name ? [name, spec] : undefined;
}

function badValue(message: string, command: CommandName | undefined, hint?: string): SsdpError {
  return new SsdpError('E_BAD_OPTION_VALUE', message, { hint: hint ?? `See: ssdp${command ? ` ${command}` : ''} --help`, exitCode: 2 });
}

/**
 * Parses a whole ssdp command line against the table. Options may come anywhere before `--`
 * (global ones before the command too); `ssdp run -n ENV CMD ...` stops at CMD. Throws
 * E_UNKNOWN_OPTION / E_BAD_OPTION_VALUE (exit 2) unless help was asked for.
 */
export function parseCommandLine(argv: string[], start: string[] = []): ParsedCommandLine {
  const out: ParsedCommandLine = { words: [...start], values: {}, positionals: [], rest: [], help: false, version: false };
  const unknown: string[] = [];
  const given: Array<[string, string]> = [];
  const commandDone = () => out.command !== undefined || (out.words.length > 0 && !(GROUPS as readonly string[]).includes(out.words[0]!)) || out.words.length >= 2;
  out.command = isCommand(out.words);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.rest = argv.slice(i + 1);
      break;
    }
    if (a === '--help' || a === '-h') {
      out.help = true;
      continue;
    }
    if (a === '--version' && out.words.length === 0) {
      out.version = true;
      continue;
    }
    if (a.length > 1 && a.startsWith('-') && !/^-\d/.test(a)) {
      const found = byName(a);
      // -nNAME / -qn NAME: a short option with its value attached, or a cluster of short flags.
      if (!found && /^-[^-]/.test(a) && a.length > 2) {
        const first = byName(a.slice(0, 2));
        if (first && first[1].type !== 'boolean') {
          argv = [...argv.slice(0, i), a.slice(0, 2), a.slice(2), ...argv.slice(i + 1)];
          i--;
          continue;
        }
        if (first) {
          argv = [...argv.slice(0, i), a.slice(0, 2), `-${a.slice(2)}`, ...argv.slice(i + 1)];
          i--;
          continue;
        }
      }
      if (!found) {
        unknown.push(a);
        continue;
      }
      const [name, spec] = found;
      const negated = a.startsWith('--no-');
      const eq = a.indexOf('=');
      const earlier = given.find(([n]) => n === name)?.[1];
      // A switch keeps its =true/=false in the name shown: '--dry-run=false and --dry-run' (try8k K5), not the same spelling twice.
      given.push([name, spec.type === 'boolean' ? a : a.replace(/=.*/, '')]);
      if (spec.type === 'boolean') {
        let on = !negated;
        if (eq > 0) {
          const v = a.slice(eq + 1);
          if (!/^(true|false)$/.test(v)) throw badValue(`--${name} is a switch: give it alone, or as --${name}=true or --${name}=false (got '${v}').`, out.command);
          on = (v === 'true') !== negated;
        }
        // `env remove --dry-run --no-dry-run` removed the env (try8j J5): as with values given twice, which was meant is not ours to guess.
        if (earlier !== undefined && out.values[name] !== on) throw badValue(`${earlier} and ${a} are both given and say opposite things: give one.`, out.command);
        out.values[name] = on;
        continue;
      }
      if (negated) {
        unknown.push(a);
        continue;
      }
      let value: string;
      if (eq > 0) value = a.slice(eq + 1);
      else if (i + 1 < argv.length) {
        value = argv[++i]!;
        // `-p --force`: the option was forgotten its value, not meant to name a folder '--force'.
        if (value === '--' || byName(value)) {
          throw badValue(`${a} needs a value, but the next word is the option ${value.replace(/=.*/, '')}.`, out.command, `If the value really starts with -, attach it: ${a}=${value}`);
        }
      } else throw badValue(`${a} needs a value.`, out.command);
      // An empty -p, --root or -n would silently mean the current folder.
      if (value.trim() === '') throw badValue(`${a.replace(/=.*/, '')} needs a value, not an empty string.`, out.command);
      if (spec.type === 'number') {
        const n = Number(value);
        if (value.trim() === '' || !Number.isFinite(n)) throw badValue(`${a.replace(/=.*/, '')} takes a number, not '${value}'.`, out.command);
        // a port is written in plain decimal: 1e3, 0x1F90, ' 9000' or 0080 (octal to some tools) would be surprising
        if (name === 'dashboard-port' && !(/^(0|[1-9]\d*)$/.test(value) && n <= 65535)) throw badValue(`--dashboard-port takes a whole number from 1 to 65535 (0: any free port), not '${value}'.`, out.command);
        // 0, -1 or 1.5 workers would run on with a count that means nothing (tester s11 try8 J1).
        if (name === 'jobs' && !(/^[1-9]\d*$/.test(value) && Number.isSafeInteger(n))) throw badValue(`${a.replace(/=.*/, '')} takes a whole number of workers, 1 or more, not '${value}'.`, out.command);
        // counts in plain decimal digits: 0x2, 1e3 (a 1000-worker array), +2 or ' 2' are refused as 2.5 is (tester s16 try11w W6); ranges are checked where used
        if ((name === 'workers' || name === 'nprocs') && !/^\d+$/.test(value)) throw badValue(`${a.replace(/=.*/, '')} takes a whole number written in digits, not '${value}'.`, out.command);
        if (out.values[name] !== undefined && out.values[name] !== n) throw badValue(`${a.replace(/=.*/, '')} is given twice (${String(out.values[name])}, then ${value}): give it once.`, out.command);
        out.values[name] = n;
      } else if (spec.type === 'strings') out.values[name] = [...((out.values[name] as string[] | undefined) ?? []), value];
      else {
        // `env remove -n a -n b` removed b, `install --revision 1 --revision 0` restored 0 (try8i I4):
        // which one was meant is not for us to guess. The same value twice is one value.
        if (out.values[name] !== undefined && out.values[name] !== value) {
          throw badValue(`${a.replace(/=.*/, '')} is given twice ('${String(out.values[name])}', then '${value}'): give ${name === 'name' || name === 'prefix' ? 'one env' : 'it once'}.`, out.command);
        }
        out.values[name] = value;
      }
      if (spec.choices && !spec.choices.includes(value)) throw badValue(`--${name} takes ${spec.choices.map((c) => `'${c}'`).join(' or ')}, not '${value}'.`, out.command);
      continue;
    }
    if (!commandDone()) {
      out.words.push(a);
      out.command = isCommand(out.words);
      continue;
    }
    // As with conda run: with an env named, the command and all after it belong to the command.
    if (out.command === 'run' && out.positionals.length === 0 && (out.values.name !== undefined || out.values.prefix !== undefined)) {
      out.rest = argv.slice(i);
      break;
    }
    out.positionals.push(a);
  }
  if (out.help) return out;
  if (out.values['dashboard-port'] !== undefined && out.values.dashboard === false) throw badValue('--dashboard-port asks for the dashboard, and --dashboard=false (or --no-dashboard) for none: give one of them.', out.command);
  // `ssdp config --x` is about the command, not the option: say so, with the closest command.
  if (out.command === undefined && out.words.length > 0) throw unknownCommand(out.words);
  // `ssdp -v`, `ssdp --bogus`: name the option, not only the missing command.
  if (unknown.length && (out.command !== undefined || out.words.length === 0)) throw unknownOption(unknown[0]!, out.command);
  if (out.command === undefined) return out;
  const allowed = new Set(optionsOf(out.command).map(([n]) => n as string));
  const stray = given.find(([n]) => !allowed.has(n));
  if (stray) throw unknownOption(stray[1], out.command);
  for (const [n, s] of optionsOf(out.command)) if (s.default !== undefined && out.values[n] === undefined) out.values[n] = s.default;
  return out;
}

/** Runs one command from its parsed command line; returns the exit code (or sets none). */
export type Handler = (p: ParsedCommandLine) => Promise<number | void>;

/** The typed settings of a parsed command line, for its command's handler. */
export function settingsOf<C extends CommandName>(p: ParsedCommandLine, command: C): Settings<C> {
  // After `--` words are arguments, not options (npm uninstall -- pkg); only `run` hands them to a
  // command of its own, so for the others they join the positionals and are taken or refused as those are.
  if (command === 'run') return { ...p.values, positionals: p.positionals, rest: p.rest } as Settings<C>;
  return { ...p.values, positionals: [...p.positionals, ...p.rest], rest: [] } as Settings<C>;
}

/**
 * The variables ssdp sets itself when it activates an env or runs a command in one, so an env's
 * `variables:` may not set them. Each says why and what to do instead: someone setting PS1 wants
 * another prompt, not advice about the search path. Imports nothing, as activation's fast path
 * loads it.
 */
export interface ManagedVariable {
  /** Completes "may not set NAME: ..." (no final period). */
  why: string;
  /** Follows "Remove NAME; ". */
  instead: string;
}

const BOOKKEEPING: ManagedVariable = {
  why: 'it is activation\'s own record of the envs active in this shell, which ssdp deactivate reads to undo them',
  instead: 'names SSDP_SHLVL, _SSDP_* and __SSDP_* belong to ssdp, and setting one would break ssdp deactivate.',
};

const IDENTITY: ManagedVariable = {
  why: 'ssdp sets it to the active env\'s path or name on activation and in ssdp run',
  instead: 'your scripts can read it, and it always names the env they run in.',
};

const MANAGED: Record<string, ManagedVariable> = {
  PATH: {
    why: 'activation and ssdp run put the env\'s bin/ in front of PATH, so the env\'s own commands are found',
    instead: 'to add commands, put them in the env\'s bin/ or extend PATH in an etc/ssdp/activate.d script.',
  },
  NODE_PATH: {
    why: 'ssdp points it at the env\'s lib/node_modules, so require() and import find the env\'s packages',
    instead: 'install what you need into the env instead (ssdp install -n NAME PACKAGE, or a folder ./dir).',
  },
  PS1: {
    why: 'activation puts (NAME) in front of the prompt and takes it off again on deactivate',
    instead: 'to change the prompt while the env is active, set it in an etc/ssdp/activate.d script; to leave the prompt alone, activate with --no-prompt or export SSDP_CHANGEPS1=false in your shell.',
  },
  SSDP_CHANGEPS1: {
    why: 'it is your shell\'s own switch for the prompt label, read before any env is active',
    instead: 'set it in your shell (export SSDP_CHANGEPS1=false) or activate with --no-prompt.',
  },
  SSDP_PREFIX: IDENTITY,
  SSDP_DEFAULT_ENV: IDENTITY,
  SSDP_ENV_NAME: IDENTITY,
  SSDP_SHLVL: BOOKKEEPING,
};

/**
 * npm's global prefix: activation and ssdp run point it at the env, so `npx TOOL` runs the env's
 * TOOL and `npm install -g` stays in the env; an env setting another lost both (tester s19 try8n
 * N3). npm reads npm_config_* whatever the case of its letters, so every spelling is refused.
 */
const NPM_PREFIX: ManagedVariable = {
  why: 'activation and ssdp run point npm\'s global prefix at the env, so npx TOOL runs the env\'s TOOL and npm install -g installs into the env',
  instead: 'to install a tool, ssdp install -n NAME TOOL; to use npm with another prefix, pass --prefix DIR to that npm command.',
};

/** Why an env may not set `name`, or undefined when it may. */
export function managedVariable(name: string): ManagedVariable | undefined {
  if (Object.hasOwn(MANAGED, name)) return MANAGED[name];
  if (name.toLowerCase() === 'npm_config_prefix') return NPM_PREFIX;
  if (name.startsWith('_SSDP_') || name.startsWith('__SSDP_')) return BOOKKEEPING;
  return undefined;
}

/** The hint for an env that sets the managed variable `name`. */
export function managedVariableHint(name: string, m: ManagedVariable): string {
  return `Remove ${name}; ${m.instead}`;
}

/** The message for an env.json (at `stateFile`) that sets the managed variable `name`. */
export function managedVariableMessage(stateFile: string, name: string, m: ManagedVariable): string {
  return `${stateFile} sets the variable ${name}, which ssdp manages itself: ${m.why}.`;
}

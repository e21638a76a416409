/**
 * What an activation must remember to be undone exactly, kept in the shell itself (never in
 * files): one exported variable per level, `_SSDP_STATE_<n>`, holding base64 JSON, and
 * `SSDP_SHLVL` = the number of levels. Because the variables live in the shell's environment,
 * the CLI sees them on every call and a child shell inherits a consistent copy.
 */
import { SsdpError } from '../util/errors.js';

export const SHLVL_VAR = 'SSDP_SHLVL';
export const PREFIX_VAR = 'SSDP_PREFIX';
export const NAME_VAR = 'SSDP_DEFAULT_ENV';
export const stateVar = (level: number) => `_SSDP_STATE_${level}`;

/** One activation level: what it changed and the values it replaced. */
export interface LevelState {
  v: 1;
  /** Realpath of the env prefix. */
  prefix: string;
  name: string;
  /** The PATH entry this level put in front. */
  bin: string;
  path: { before: string | null; after: string };
  /** Every variable this level set, with the value it had before (null: was unset). */
  vars: Record<string, string | null>;
  /** List variables this level put an entry in front of (NODE_PATH, NODE_OPTIONS), undone like PATH;
   * `dropped`: the level took the entry out instead (an outer env's hook its node cannot take). */
  lists?: Record<string, { before: string | null; after: string; entry: string; sep: string; dropped?: true }>;
  /** The prompt change, when this level made one: PS1 in POSIX shells, the modifier in fish. */
  prompt?: { before: string | null; after: string; modifier: string };
}

export function encodeLevel(s: LevelState): string {
  return Buffer.from(JSON.stringify(s), 'utf8').toString('base64');
}

function damaged(detail: string): SsdpError {
  return new SsdpError('E_SHELL_STATE', `this shell's activation state is damaged: ${detail}.`, {
    hint: `Start a new shell, or clear it with: unset ${SHLVL_VAR} ${stateVar(1)}`,
  });
}

export function decodeLevel(text: string, level: number): LevelState {
  let s: LevelState;
  try {
    s = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as LevelState;
  } catch {
    throw damaged(`${stateVar(level)} is not readable`);
  }
  if (s?.v !== 1 || typeof s.prefix !== 'string' || typeof s.bin !== 'string' || typeof s.vars !== 'object' || !s.path) {
    throw damaged(`${stateVar(level)} has an unknown shape`);
  }
  return s;
}

/** The active levels, outermost first, read from an environment such as process.env. */
export function readLevels(env: Record<string, string | undefined>): LevelState[] {
  const raw = env[SHLVL_VAR];
  if (raw === undefined || raw === '' || raw === '0') return [];
  if (!/^[1-9][0-9]{0,3}$/.test(raw)) throw damaged(`${SHLVL_VAR} is '${raw}'`);
  const levels: LevelState[] = [];
  for (let i = 1; i <= Number(raw); i++) {
    const text = env[stateVar(i)];
    if (text === undefined) throw damaged(`${SHLVL_VAR} is ${raw} but ${stateVar(i)} is not set`);
    levels.push(decodeLevel(text, i));
  }
  return levels;
}

/**
 * Activation as a pure computation: from a snapshot of the shell (its environment and prompt)
 * to the complete change that `ssdp activate` / `ssdp deactivate` makes. Replacing an env is
 * "pop the top level, then push the new one", simulated on a copy of the variables; the change
 * printed for the shell is the difference between the snapshot and the end of the simulation,
 * so the shell applies one consistent set of assignments whatever the path to it was.
 *
 * Undo rules: a variable gets back exactly the value it had (or is unset again). PATH and the
 * prompt get back their old value when nobody touched them since; if the user changed them while
 * the env was active, only ssdp's own part (the bin entry, the `(NAME) ` prefix) is removed, so
 * their change survives.
 */
import { SsdpError } from '../util/errors.js';
import { NAME_VAR, PREFIX_VAR, SHLVL_VAR, encodeLevel, stateVar, type LevelState } from './state.js';

export interface ActivationTarget {
  /** Realpath of the prefix (what SSDP_PREFIX shows and `env list` compares with). */
  prefix: string;
  name: string;
  variables: Record<string, string>;
  /** activate.d scripts for the shell in question, in the order to source them. */
  activateScripts: string[];
  /** Entries put in front of list variables: NODE_PATH (the env's packages for `require`) and
   * NODE_OPTIONS (the hook that serves them to `import`; absent when the env's node cannot take it). */
  prepend: Array<{ name: string; entry: string; sep: string }>;
  /** Entries taken out of list variables while the env is active: the --import hook an outer env
   * put in NODE_OPTIONS, which a node older than 18.19 has no module hooks for. */
  drop?: Array<{ name: string; entry: string; sep: string }>;
  /** env.json does not record the form of its bin wrappers: they may be sh-only (env/old-wrappers.ts). */
  oldWrappers?: boolean;
}

export interface ShellSnapshot {
  /** The exported variables as the CLI sees them. */
  env: Record<string, string | undefined>;
  /** PS1 (POSIX shells) or fish's prompt modifier; undefined when unset. */
  prompt: string | undefined;
  /** False when the caller could not tell the prompt (no hook passed it): then it is left alone. */
  promptKnown: boolean;
}

/** What the shell must do, in order: deactivate.d scripts, the variable changes, activate.d scripts. */
export interface ShellChange {
  deactivateScripts: string[];
  set: Array<[name: string, value: string]>;
  unset: string[];
  /** Present when the prompt changes; null means unset it. */
  prompt?: { value: string | null };
  activateScripts: string[];
}

export interface PlanContext {
  /** 'ps1': the prompt value is the whole PS1; 'modifier': it is only ssdp's prefix (fish). */
  promptKind: 'ps1' | 'modifier';
  /** deactivate.d scripts of a prefix for this shell, in the order to source them. */
  deactivateScriptsOf(prefix: string): string[];
}

export interface ActivateOptions {
  stack: boolean;
  changePrompt: boolean;
}

/** Characters that mean something in a bash, zsh or dash prompt are shown as `_`. */
export function promptLabel(name: string): string {
  return `(${name.replace(/[^A-Za-z0-9 _.,:;/+=@()#~-]/g, '_')}) `;
}

/** The shell variables as they evolve through a simulated pop/push sequence. */
class Simulation {
  private readonly vars: Map<string, string | undefined>;
  prompt: string | undefined;
  readonly deactivateScripts: string[] = [];
  activateScripts: string[] = [];

  constructor(
    readonly snap: ShellSnapshot,
    readonly levels: LevelState[],
  ) {
    this.vars = new Map(Object.entries(snap.env));
    this.prompt = snap.prompt;
  }

  get(name: string): string | undefined {
    return this.vars.get(name);
  }

  put(name: string, value: string | null | undefined): void {
    this.vars.set(name, value ?? undefined);
  }

  change(): ShellChange {
    const set: Array<[string, string]> = [];
    const unset: string[] = [];
    for (const [name, value] of this.vars) {
      const old = this.snap.env[name];
      if (value === old) continue;
      if (value === undefined) unset.push(name);
      else set.push([name, value]);
    }
    const out: ShellChange = { deactivateScripts: this.deactivateScripts, set, unset, activateScripts: this.activateScripts };
    if (this.snap.promptKnown && this.prompt !== this.snap.prompt) out.prompt = { value: this.prompt ?? null };
    return out;
  }
}

function pop(sim: Simulation, ctx: PlanContext): void {
  const top = sim.levels.pop()!;
  sim.deactivateScripts.push(...ctx.deactivateScriptsOf(top.prefix));
  // Undone in the reverse order of push: the entries were added after the variables were set.
  for (const [name, l] of Object.entries(top.lists ?? {})) {
    const value = sim.get(name);
    if (value === l.after) sim.put(name, l.before);
    else if (l.dropped) {
      // Changed since: keep the user's change, give back only the entry this level took out.
      if (!value?.split(l.sep).includes(l.entry)) sim.put(name, value ? `${l.entry}${l.sep}${value}` : l.entry);
    } else if (value !== undefined) {
      // Changed since: keep the user's change, drop only ssdp's entry.
      const parts = value.split(l.sep);
      const i = parts.indexOf(l.entry);
      if (i >= 0) {
        parts.splice(i, 1);
        sim.put(name, parts.length || l.before !== null ? parts.join(l.sep) : undefined);
      }
    }
  }
  for (const [name, before] of Object.entries(top.vars)) sim.put(name, before);

  const path = sim.get('PATH');
  if (path === top.path.after) sim.put('PATH', top.path.before);
  else if (path !== undefined) {
    const parts = path.split(':');
    const i = parts.indexOf(top.bin);
    if (i >= 0) {
      parts.splice(i, 1);
      sim.put('PATH', parts.join(':'));
    }
  }

  if (top.prompt) {
    const p = sim.prompt;
    // fish's modifier variable is ssdp's alone, so it always goes back to what it was.
    if (p === top.prompt.after || ctx.promptKind === 'modifier') sim.prompt = top.prompt.before ?? undefined;
    else if (p !== undefined && p.startsWith(top.prompt.modifier)) {
      // The user changed PS1 while active: keep their change, drop only our label, and give the
      // outer level its label back if it had one.
      const outer = sim.levels.at(-1)?.prompt;
      const rest = p.slice(top.prompt.modifier.length);
      sim.prompt = outer && top.prompt.before?.startsWith(outer.modifier) ? outer.modifier + rest : rest;
    }
  }
  sim.put(stateVar(sim.levels.length + 1), undefined);
}

function push(sim: Simulation, target: ActivationTarget, opts: ActivateOptions, ctx: PlanContext): void {
  const level = sim.levels.length + 1;
  const bin = `${target.prefix}/bin`;
  const pathBefore = sim.get('PATH');
  const pathAfter = pathBefore ? `${bin}:${pathBefore}` : bin;
  const vars: Record<string, string | null> = {};
  const assign = (name: string, value: string) => {
    if (!(name in vars)) vars[name] = sim.get(name) ?? null;
    sim.put(name, value);
  };
  sim.put('PATH', pathAfter);
  assign(PREFIX_VAR, target.prefix);
  assign(NAME_VAR, target.name);
  assign(SHLVL_VAR, String(level));
  for (const [name, value] of Object.entries(target.variables)) assign(name, value);
  const lists: NonNullable<LevelState['lists']> = {};
  for (const { name, entry, sep } of target.prepend) {
    const before = sim.get(name);
    // Already there (a stacked env, or the user's own): nothing to add, nothing to undo.
    if (before?.split(sep).includes(entry)) continue;
    const after = before ? `${entry}${sep}${before}` : entry;
    sim.put(name, after);
    lists[name] = { before: before ?? null, after, entry, sep };
  }
  for (const { name, entry, sep } of target.drop ?? []) {
    const before = sim.get(name);
    const parts = before?.split(sep);
    if (!parts?.includes(entry)) continue;
    const after = parts.filter((p) => p !== entry).join(sep);
    sim.put(name, after || undefined);
    lists[name] = { before: before!, after, entry, sep, dropped: true };
  }

  const state: LevelState = { v: 1, prefix: target.prefix, name: target.name, bin, path: { before: pathBefore ?? null, after: pathAfter }, vars };
  if (Object.keys(lists).length) state.lists = lists;
  if (opts.changePrompt && sim.snap.promptKnown) {
    const modifier = promptLabel(target.name);
    const before = sim.prompt;
    let after = modifier;
    if (ctx.promptKind === 'ps1') {
      const outer = sim.levels.at(-1)?.prompt;
      const base = before ?? '';
      after = modifier + (outer && base.startsWith(outer.modifier) ? base.slice(outer.modifier.length) : base);
    }
    sim.prompt = after;
    state.prompt = { before: before ?? null, after, modifier };
  }
  sim.put(stateVar(level), encodeLevel(state));
  sim.levels.push(state);
  sim.activateScripts = target.activateScripts;
}

/** `ssdp activate`: replaces the active env (or stacks on it with `stack`). */
export function planActivate(snap: ShellSnapshot, levels: LevelState[], target: ActivationTarget, opts: ActivateOptions, ctx: PlanContext): ShellChange {
  const sim = new Simulation(snap, [...levels]);
  if (!opts.stack && sim.levels.length > 0) pop(sim, ctx);
  push(sim, target, opts, ctx);
  return sim.change();
}

/** `ssdp deactivate`: back to the outer env, or to no env. */
export function planDeactivate(snap: ShellSnapshot, levels: LevelState[], ctx: PlanContext): ShellChange {
  if (levels.length === 0) {
    throw new SsdpError('E_SHELL_NOT_ACTIVE', 'no environment is active in this shell, so there is nothing to deactivate.', {
      hint: 'Nothing was changed. Activate one with: ssdp activate NAME',
    });
  }
  const sim = new Simulation(snap, [...levels]);
  pop(sim, ctx);
  return sim.change();
}

/**
 * A CLI process that exits as soon as its command is done (env create, install, ...) can afford
 * less of V8's optimising compiler than a long-running one. Linking an env calls a few node:fs
 * functions (stat, link, the path helpers) once per file, thousands of times in a fraction of a
 * second: V8 then compiles them with TurboFan, on a background thread, and in a process this
 * short that costs more than the optimised code saves. Switching TurboFan off for the rest of the
 * process beats delaying it (a warm create of typescript + eslint + prettier under cachegrind:
 * 940 M instructions with V8's defaults, 810-816 M with a 1,000,000 tier-up budget, 791-795 M
 * with --no-opt): the fs functions still get V8's cheap baseline (Sparkplug) code.
 * Only the CLI marks its process: a library caller's or a worker's V8 settings are never touched.
 */
let shortLived = false;
let tuned = false;

/** Called by the CLI for commands that end when their work is done. */
export function markShortLived(): void {
  shortLived = true;
}

/**
 * Switches V8's optimising compiler off before a loop over every file of an env, in a short-lived process
 * only. Set this late on purpose: Node's built-in modules compiled after a flag change miss their
 * code cache, so changing it at startup gives back a third of the gain.
 */
export async function beforeFileLoop(): Promise<void> {
  if (!shortLived || tuned) return;
  tuned = true;
  // Measured on V8 11 (Node 20) only; V8 renamed its tiers since, and setting an unknown flag
  // prints an error on stderr.
  if (Number.parseInt(process.versions.v8, 10) >= 12) return;
  (await import('node:v8')).setFlagsFromString('--no-opt');
}

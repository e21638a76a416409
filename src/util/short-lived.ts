/**
 * A CLI process that exits as soon as its command is done (env create, install, ...) can afford
 * less of V8's optimising compiler than a long-running one. Linking an env calls a few node:fs
 * functions (stat, link, the path helpers) once per file, thousands of times in a fraction of a
 * second: V8 then compiles them with TurboFan, on a background thread, and in a process this
 * short that costs more than the optimised code saves (a warm create of typescript + eslint +
 * prettier: 940 M instructions with the default budget, 816 M with this one, under cachegrind).
 * Only the CLI marks its process: a library caller's or a worker's V8 settings are never touched.
 */
let shortLived = false;
let tuned = false;

/** Called by the CLI for commands that end when their work is done. */
export function markShortLived(): void {
  shortLived = true;
}

/**
 * Raises V8's tier-up budget before a loop over every file of an env, in a short-lived process
 * only. Set this late on purpose: Node's built-in modules compiled after a flag change miss their
 * code cache, so changing it at startup gives back a third of the gain.
 */
export async function beforeFileLoop(): Promise<void> {
  if (!shortLived || tuned) return;
  tuned = true;
  // V8 12 (Node 22) dropped this flag, and setting an unknown one prints an error on stderr.
  if (Number.parseInt(process.versions.v8, 10) >= 12) return;
  (await import('node:v8')).setFlagsFromString('--interrupt-budget=1000000');
}

/**
 * All user-facing output goes through one reporter so `--json` mode and quiet CI runs are
 * decided in one place. Data goes to stdout, messages to stderr.
 */
export interface Reporter {
  readonly json: boolean;
  /** Whether stderr is an interactive terminal (progress bars only then, and never in CI). */
  readonly interactive: boolean;
  info(message: string): void;
  warn(message: string): void;
  /** Prints a result: as JSON in --json mode, otherwise via the text renderer. */
  result(value: unknown, text?: (value: unknown) => string): void;
  /** Writes text to stdout as it is (an exported spec, generated code). */
  data(text: string): void;
}

export function createReporter(opts: { json?: boolean; quiet?: boolean } = {}): Reporter {
  const json = !!opts.json;
  const interactive = !!process.stderr.isTTY && !process.env.CI;
  return {
    json,
    interactive,
    info(message) {
      if (!opts.quiet && !json) process.stderr.write(message + '\n');
    },
    warn(message) {
      process.stderr.write(`ssdp: warning: ${message}\n`);
    },
    result(value, text) {
      if (json) process.stdout.write(JSON.stringify(value, null, 2) + '\n');
      else process.stdout.write((text ? text(value) : String(value)) + '\n');
    },
    data(text) {
      process.stdout.write(text);
    },
  };
}

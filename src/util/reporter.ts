/**
 * All user-facing output goes through one reporter so `--json` mode and quiet CI runs are
 * decided in one place. Data goes to stdout, messages to stderr.
 *
 * The reporter also owns the terminal's one progress bar (downloads, computes): every line
 * printed while a bar is drawn first clears the bar and then redraws it below the line, so
 * logs never land inside the bar; a stopped bar is never drawn again, so nothing overwrites the
 * final summary. Output of worker processes is forwarded line by line through the same path.
 */

/** Where output goes; replaceable so a test can drive the reporter as a terminal. */
export interface Sink {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal the bar may redraw in place. */
  isTTY: boolean;
}

const processSink = (): Sink => ({
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  isTTY: !!process.stderr.isTTY,
});

let sink: Sink | undefined;
const out = (): Sink => (sink ??= processSink());

/** For tests: send all output to `s` (undefined: back to the process streams). */
export function setSink(s: Sink | undefined): void {
  sink = s;
  bar = undefined;
}

const CLEAR_LINE = '\r\x1b[K';

interface DrawnBar {
  text(): string;
  drawn: boolean;
}

/** The bar on screen, if any. One at a time: a new bar replaces the old one. */
let bar: DrawnBar | undefined;

function clearBar(): void {
  if (bar?.drawn && out().isTTY) {
    out().stderr(CLEAR_LINE);
    bar.drawn = false;
  }
}

function drawBar(): void {
  if (!bar || !out().isTTY) return;
  out().stderr(CLEAR_LINE + bar.text());
  bar.drawn = true;
}

/** Writes `text` (whole lines) to a stream, keeping the progress bar below it. */
export function writeLines(stream: 'stdout' | 'stderr', text: string): void {
  if (text === '') return;
  clearBar();
  out()[stream](text);
  drawBar();
}

/** Prints one line on stderr through the reporter's terminal (for code without a Reporter). */
export function printLine(line: string): void {
  writeLines('stderr', line.endsWith('\n') ? line : line + '\n');
}

/** Forwarded streams not yet at their end. */
const forwarding = new Set<Promise<void>>();

/**
 * Forwards a child's output stream through writeLines, whole lines at a time (a partial line
 * is held until its newline or the end of the stream), so it never tears the bar.
 */
export function forwardLines(from: NodeJS.ReadableStream, stream: 'stdout' | 'stderr'): void {
  let held = '';
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    const all = held + chunk;
    const end = all.lastIndexOf('\n') + 1;
    held = all.slice(end);
    writeLines(stream, all.slice(0, end));
  });
  const ended = new Promise<void>((done) => {
    const finish = () => {
      if (held) writeLines(stream, held + '\n');
      held = '';
      done();
    };
    from.on('end', finish);
    from.on('error', finish);
  });
  forwarding.add(ended);
  void ended.then(() => forwarding.delete(ended));
}

/**
 * Waits (at most timeoutMs) until forwarded streams have ended, so the last lines of exited
 * workers are printed before the caller goes on (or the process exits). A grandchild still
 * holding a pipe open only costs the timeout.
 */
export async function drainForwarded(timeoutMs = 1000): Promise<void> {
  if (forwarding.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(forwarding), new Promise<void>((ok) => (timer = setTimeout(ok, timeoutMs)))]);
  clearTimeout(timer);
}

export interface ProgressBar {
  /** Sets what is done (and the total and a detail, e.g. the package name, when they change). */
  update(done: number, total?: number, detail?: string): void;
  /** Stops for good: clears the bar (or, with keep, leaves its last state as a line). */
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  /** Unit shown after the counts, e.g. 'tasks'. */
  unit?: string;
  /** Draw only once this much time has passed (short runs stay silent). */
  delayMs?: number;
  /** Leave the final state on screen as a line when stopped (else the bar is cleared). */
  keep?: boolean;
  /** Draw even when stderr is not a terminal: a line per redraw-interval, and a last one at stop. */
  force?: boolean;
}

const SILENT: ProgressBar = { update() {}, stop() {} };
const WIDTH = 30;

function formatBar(o: ProgressOptions, done: number, total: number, started: number, detail: string): string {
  const frac = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(frac * WIDTH);
  const secs = Math.round((performance.now() - started) / 1000);
  return `${o.label} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${Math.round(frac * 100)}% | ${done}/${total}${o.unit ? ` ${o.unit}` : ''} | ${secs}s${detail ? ` ${detail}` : ''}`;
}

/** Starts the terminal's progress bar; silent when stderr is no terminal (or in CI) unless forced. */
export function startProgress(o: ProgressOptions): ProgressBar {
  const tty = out().isTTY;
  if (!o.force && !(tty && !process.env.CI)) return SILENT;
  const started = performance.now();
  let done = 0;
  let total = o.total;
  let detail = '';
  let stopped = false;
  const mine: DrawnBar = { text: () => formatBar(o, done, total, started, detail), drawn: false };
  const visible = () => performance.now() - started >= (o.delayMs ?? 0);
  const tick = () => {
    if (stopped || !visible()) return;
    if (!tty) {
      out().stderr(mine.text() + '\n');
      return;
    }
    if (bar !== mine) {
      clearBar();
      bar = mine;
    }
    drawBar();
  };
  const timer = setInterval(tick, tty ? 100 : 2000);
  timer.unref();
  return {
    update(d, t, name) {
      done = d;
      if (t !== undefined) total = t;
      if (name !== undefined) detail = name;
      // The first draw is at once (short downloads would end before the first tick).
      if (tty && bar !== mine) tick();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      if (!tty) {
        if (visible()) out().stderr(mine.text() + '\n');
        return;
      }
      if (bar === mine) {
        if (o.keep && visible()) {
          clearBar();
          out().stderr(mine.text() + '\n');
        } else clearBar();
        bar = undefined;
      } else if (o.keep && visible()) writeLines('stderr', mine.text() + '\n');
    },
  };
}

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
  /** A progress bar on an interactive terminal; silent otherwise, and in --json mode. */
  progress(o: ProgressOptions): ProgressBar;
}

export function createReporter(opts: { json?: boolean; quiet?: boolean } = {}): Reporter {
  const json = !!opts.json;
  const interactive = out().isTTY && !process.env.CI;
  return {
    json,
    interactive,
    info(message) {
      if (!opts.quiet && !json) writeLines('stderr', message + '\n');
    },
    warn(message) {
      writeLines('stderr', `ssdp: warning: ${message}\n`);
    },
    result(value, text) {
      writeLines('stdout', (json ? JSON.stringify(value, null, 2) : text ? text(value) : String(value)) + '\n');
    },
    data(text) {
      writeLines('stdout', text);
    },
    progress(o) {
      return json || opts.quiet ? SILENT : startProgress(o);
    },
  };
}

let noticeSink: (line: string) => void = (line) => process.stderr.write(`ssdp: ${line}\n`);

/**
 * Where the one-line notices of long registry waits (src/util/http-retry.ts) go: a command's
 * reporter, nothing under -q. Kept here, not in http-retry.ts, so that every env command can set
 * it without loading the HTTP code a warm create never runs.
 */
export function setRetryNotice(fn: (line: string) => void): void {
  noticeSink = fn;
}

/** Says one notice of a long wait where setRetryNotice sent them. */
export function retryNotice(line: string): void {
  noticeSink(line);
}

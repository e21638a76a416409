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
/** For tests: send all output to `s` (undefined: back to the process streams). */
export declare function setSink(s: Sink | undefined): void;
/** Writes `text` (whole lines) to a stream, keeping the progress bar below it. */
export declare function writeLines(stream: 'stdout' | 'stderr', text: string): void;
/** Prints one line on stderr through the reporter's terminal (for code without a Reporter). */
export declare function printLine(line: string): void;
/**
 * Forwards a child's output stream through writeLines, whole lines at a time (a partial line
 * is held until its newline or the end of the stream), so it never tears the bar.
 */
export declare function forwardLines(from: NodeJS.ReadableStream, stream: 'stdout' | 'stderr'): void;
/**
 * Waits (at most timeoutMs) until forwarded streams have ended, so the last lines of exited
 * workers are printed before the caller goes on (or the process exits). A grandchild still
 * holding a pipe open only costs the timeout.
 */
export declare function drainForwarded(timeoutMs?: number): Promise<void>;
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
/** Starts the terminal's progress bar; silent when stderr is no terminal (or in CI) unless forced. */
export declare function startProgress(o: ProgressOptions): ProgressBar;
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
export declare function createReporter(opts?: {
    json?: boolean;
    quiet?: boolean;
}): Reporter;

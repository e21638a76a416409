/**
 * A progress bar for long computes: only on an interactive stderr outside CI, and only once a
 * run has lasted half a second, so short computes and pipes stay silent.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

export function startProgress(total: number, wanted: boolean | undefined): Progress {
  const interactive = !!process.stderr.isTTY && !process.env.CI;
  if (wanted === false || (wanted === undefined && !interactive)) return SILENT;
  let done = 0;
  let bar: cliProgress.SingleBar | undefined;
  const started = Date.now();
  const timer = setInterval(() => {
    if (!bar && Date.now() - started < 500) return;
    if (!bar) {
      bar = new cliProgress.SingleBar(
        { stream: process.stderr, format: 'ssdp compute [{bar}] {percentage}% | {value}/{total} tasks | {duration_formatted}', hideCursor: false, clearOnComplete: false, noTTYOutput: !!wanted },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, done);
    } else bar.update(done);
  }, 100);
  timer.unref();
  return {
    update(d) {
      done = d;
    },
    stop() {
      clearInterval(timer);
      if (bar) {
        bar.update(done);
        bar.stop();
      }
    },
  };
}

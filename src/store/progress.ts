/**
 * A download progress bar for `ensure`, drawn only on an interactive terminal (the reporter's
 * `interactive` flag: a TTY and not CI); elsewhere it stays silent. cli-progress is imported
 * lazily, the first time there is something to draw, so warm runs never load it.
 */
import { createRequire } from 'node:module';

export interface ProgressBar {
  /** Pass as StoreOptions.onProgress. */
  onProgress: (done: number, total: number, name: string) => void;
  /** Clears the bar; call when ensure is done or failed. */
  stop: () => void;
}

export function createProgressBar(interactive: boolean, label = 'fetching'): ProgressBar {
  if (!interactive) return { onProgress: () => {}, stop: () => {} };
  type Bar = { start(total: number, value: number, payload?: object): void; update(value: number, payload?: object): void; stop(): void };
  let bar: Bar | undefined;
  return {
    onProgress(done, total, name) {
      if (!bar) {
        const cliProgress = createRequire(import.meta.url)('cli-progress') as {
          SingleBar: new (opts: object, preset: object) => Bar;
          Presets: { shades_classic: object };
        };
        bar = new cliProgress.SingleBar(
          { format: `${label} {bar} {value}/{total} {name}`, clearOnComplete: true, hideCursor: true, stream: process.stderr },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, { name: '' });
      }
      bar.update(done, { name });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/** What a scheduler reports back while running: the seam between schedulers and run.ts. */
import type { SsdpError } from '../util/errors.js';
import type { RunObserver } from './events.js';

export interface RunHooks {
  readonly retries: number;
  /** Set when per-task timing is wanted (summary); called with the step key and duration. */
  readonly timing?: (key: string, ms: number) => void;
  /** Called after each unit: how many tasks it contained and how many results are held now. */
  progress(tasksDone: number, held: number): void;
  /** Set when each output is wanted as soon as it is computed (futures): unit index and raw value. */
  readonly output?: (unit: number, value: unknown) => void;
  cancelled(): boolean;
  cancel(): void;
  cancelError(): SsdpError;
  /** Resolves when the run must end now (its caller no longer wants any result): the loop stops waiting on running batches. */
  readonly stopped?: Promise<void>;
  /** Set only when a dashboard or report watches the run. */
  readonly observer?: RunObserver;
}

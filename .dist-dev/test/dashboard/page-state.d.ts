import type { Page } from 'playwright-core';
export interface Shown {
    /** Tasks done, summed over the progress rows. */
    done: number;
    total: number;
    /** Bars drawn in the task stream. */
    bars: number;
    /** Of those, bars of failed tasks. */
    failedBars: number;
    /** Task kinds listed in the run's "time in tasks" table. */
    timedKinds: string[];
    failures: string[];
    status: string;
}
export declare function shown(page: Page): Promise<Shown>;
/** Waits until the page shows more than `n` tasks done. */
export declare function doneMoreThan(page: Page, n: number): Promise<void>;
/**
 * Two snapshots while a run goes on (screenshots live-1.png, live-2.png in `dir`): the first
 * once a task is done and before all are, the second once more are done. Both the progress
 * and the task stream must have grown.
 */
export declare function growingSnapshots(page: Page, dir: string): Promise<[Shown, Shown]>;
/** Waits until the page has had its first state from the server. */
export declare function connected(page: Page): Promise<void>;
export declare function failureShown(page: Page): Promise<void>;
/** For each chart: how many items it says it drew, and whether it has anything drawn (canvas pixels, table text). */
export declare function charts(page: Page): Promise<Record<string, {
    items: number;
    inked: boolean;
}>>;
/** The rows of the workers table as text cells. */
export declare function workerRows(page: Page): Promise<string[][]>;

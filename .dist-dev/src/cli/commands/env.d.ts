import { type Reporter } from '../../util/reporter.js';
import { type CommandName, type Handler, type Settings } from '../options.js';
import { type ChangePlan } from '../../env/change-plan.js';
import type { Revision } from '../../env/revisions.js';
export declare const env: () => Promise<typeof import("../../env/index.js")>;
export declare function reporterOf(a: {
    json?: boolean;
    quiet?: boolean;
}): Reporter;
export declare function rootOf(a: {
    root?: string;
}): Promise<string>;
/** The command line as recorded in revisions (without global options). */
export declare function commandLine(words: string[], a: {
    name?: string;
    prefix?: string;
}, extra?: string[]): string;
/** A handler for a command without positional arguments: a stray word is an error, not ignored. */
export declare function withoutPositionals<C extends CommandName>(command: C, fn: (a: Settings<C>) => Promise<number | void>): Handler;
export declare function createCommand(a: Settings<'create'>, words: string[]): Promise<void>;
export declare function listEnvsCommand(a: {
    root?: string;
    json?: boolean;
    quiet?: boolean;
}): Promise<void>;
export declare function listPackagesCommand(a: Settings<'list'>): Promise<void>;
/**
 * `quiet`: -q silences the summary of a change, as for create and clean (--json still gives it);
 * a --dry-run plan is what was asked for and still prints.
 */
export declare function reportRevision(reporter: Reporter, rev: Revision | ChangePlan | undefined, quiet?: boolean): void;
export declare const handlers: Partial<Record<CommandName, Handler>>;

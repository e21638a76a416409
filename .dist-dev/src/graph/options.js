/**
 * Checking the options of `compute`/`get`: a misspelt option is an error naming the closest
 * valid one, never silently ignored (nor, for `compute`, taken as one more value to return).
 */
import { SsdpError } from '../util/errors.js';
import { editDistance } from '../util/edit-distance.js';
const SCHEDULERS = ['sync', 'threads', 'processes'];
export const OPTION_NAMES = ['scheduler', 'nWorkers', 'retries', 'optimize', 'progress', 'summary', 'client'];
/** The closest of `names` to `word`, when it is close enough to be a likely typo. */
export function closest(word, names) {
    let best;
    let bestD = Infinity;
    for (const n of names) {
        const d = editDistance(word.toLowerCase(), n.toLowerCase());
        if (d < bestD)
            [best, bestD] = [n, d];
    }
    return bestD <= Math.max(1, Math.min(3, Math.floor(word.length / 3))) ? best : undefined;
}
/** True when `key` is an option name or looks like a misspelling of one. */
export function looksLikeOption(key) {
    return OPTION_NAMES.includes(key) || closest(key, OPTION_NAMES) !== undefined;
}
/** Throws E_COMPUTE_OPTION for an unknown option name or scheduler. */
export function checkOptions(opts, where) {
    for (const key of Object.keys(opts)) {
        if (OPTION_NAMES.includes(key))
            continue;
        const near = closest(key, OPTION_NAMES);
        throw new SsdpError('E_COMPUTE_OPTION', `${where}: unknown option '${key}'${near ? ` (did you mean '${near}'?)` : ''}`, {
            hint: `Options are ${OPTION_NAMES.join(', ')}.`,
        });
    }
    checkScheduler(opts.scheduler, where);
    checkCount(opts.nWorkers, 1, 'nWorkers', where);
    checkCount(opts.retries, 0, 'retries', where);
}
export function checkScheduler(s, where) {
    if (s !== undefined && !SCHEDULERS.includes(s)) {
        const near = typeof s === 'string' ? closest(s, SCHEDULERS) : undefined;
        throw new SsdpError('E_COMPUTE_OPTION', `${where}: unknown scheduler ${JSON.stringify(s)}${near ? ` (did you mean '${near}'?)` : ''}`, {
            hint: `The schedulers are ${SCHEDULERS.join(', ')}.`,
        });
    }
}
/** A worker or retry count: a whole number from `min` (NaN would stall the scheduler). */
export function checkCount(n, min, name, where) {
    if (n === undefined)
        return;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min) {
        throw new SsdpError('E_COMPUTE_OPTION', `${where}: ${name} must be a whole number from ${min}, got ${typeof n === 'number' ? n : JSON.stringify(n)}.`);
    }
}
//# sourceMappingURL=options.js.map
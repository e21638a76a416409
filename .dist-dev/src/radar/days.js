/**
 * Days and the data folder: one `YYYY-MM-DD.zip` per day. `listDays` turns a date range into the
 * files to process and decides what a missing day means: an error naming it, or (with
 * `onMissing: 'skip'`) a warning and a summary of what was left out.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SsdpError } from '../util/errors.js';
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.zip$/;
/** Parses `YYYY-MM-DD` as a UTC date, rejecting impossible ones (2020-02-30). */
export function parseDate(s, what = 'date') {
    const m = DATE.exec(s);
    const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : undefined;
    if (!m || !d || d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
        throw new SsdpError('E_RADAR_BAD_DATE', `${what} "${s}" is not a calendar date in the form YYYY-MM-DD.`, {
            hint: 'Write dates like 2020-11-01.',
        });
    }
    return d;
}
export function formatDate(d) {
    return d.toISOString().slice(0, 10);
}
/** `days` consecutive dates from `start` (YYYY-MM-DD strings). */
export function dateRange(start, days) {
    if (!Number.isInteger(days) || days < 1) {
        throw new SsdpError('E_RADAR_BAD_DAYS', `the number of days must be a whole number of at least 1, not ${days}.`);
    }
    const d0 = parseDate(start, 'start date').getTime();
    return Array.from({ length: days }, (_, i) => formatDate(new Date(d0 + i * 86_400_000)));
}
/** The file a day is stored in. */
export function dayFile(dir, date) {
    return join(dir, `${date}.zip`);
}
/** The day archives to process, in date order. */
export function listDays(opts) {
    const { dir } = opts;
    const onMissing = opts.onMissing ?? 'error';
    if (onMissing !== 'error' && onMissing !== 'skip') {
        throw new SsdpError('E_RADAR_BAD_OPTION', `onMissing must be "error" or "skip", not "${String(onMissing)}".`);
    }
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        throw new SsdpError('E_RADAR_NO_DATA_DIR', `the data folder ${dir} does not exist.`, {
            hint: 'Download days with the smhi source or write a synthetic month first, or point data= at the folder holding YYYY-MM-DD.zip files.',
        });
    }
    if (opts.start === undefined) {
        const files = readdirSync(dir)
            .map((f) => DAY_FILE.exec(f)?.[1])
            .filter((d) => d !== undefined)
            .sort()
            .map((date) => ({ date, path: dayFile(dir, date) }));
        if (files.length === 0) {
            throw new SsdpError('E_RADAR_MISSING_DAY', `the data folder ${dir} holds no day archives (YYYY-MM-DD.zip).`, {
                hint: 'Download or generate the days first.',
            });
        }
        return { files, missing: [], warnings: [] };
    }
    const dates = dateRange(opts.start, opts.days ?? 1);
    const files = [];
    const missing = [];
    for (const date of dates) {
        const path = dayFile(dir, date);
        if (existsSync(path))
            files.push({ date, path });
        else
            missing.push(date);
    }
    if (missing.length > 0 && onMissing === 'error') {
        const names = missing.map((d) => dayFile(dir, d));
        const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
        throw new SsdpError('E_RADAR_MISSING_DAY', `${missing.length} of ${dates.length} days are missing from the data folder: ${shown}.`, {
            hint: 'Download or generate the missing days, or run with --on-missing skip to leave them out.',
        });
    }
    if (files.length === 0) {
        throw new SsdpError('E_RADAR_MISSING_DAY', `none of the ${dates.length} days from ${opts.start} is in ${dir}.`, {
            hint: 'Download or generate the days first.',
        });
    }
    const warnings = missing.map((d) => `day ${d} is missing (${dayFile(dir, d)}); left out`);
    const summary = missing.length
        ? `left out ${missing.length} of ${dates.length} days: ${missing.join(', ')}`
        : undefined;
    return { files, missing, warnings, summary };
}
//# sourceMappingURL=days.js.map
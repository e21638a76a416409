/**
 * The smhi data source: downloads SMHI's daily composite archives from the open-data radar API
 * into `dir/YYYY-MM-DD.zip`. A day already there (and readable) is skipped; a download goes to
 * `YYYY-MM-DD.zip.part`, which survives an interruption and is resumed with an HTTP Range
 * request; failures are retried with exponential backoff; the archive is opened and every entry's
 * CRC checked before it is renamed into place, so a file with the final name is always complete.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { SsdpError, isSsdpError } from '../util/errors.js';
import { dateRange, dayFile } from './days.js';
import { openZip, readEntry } from './zip-read.js';
export const DEFAULT_SMHI_URL = 'https://opendata-download-radar.smhi.se';
/** The API address of one day's archive (month and day unpadded, as SMHI's API wants them). */
export function smhiDayUrl(baseUrl, date) {
    const [y, m, d] = date.split('-').map(Number);
    return `${baseUrl.replace(/\/+$/, '')}/api/version/latest/area/sweden/product/comp/${y}/${m}/${d}.zip?format=tif`;
}
/** Whether a file is a complete, readable zip (every entry inflates and passes its CRC). */
export function verifyZip(path) {
    const zip = openZip(path);
    if (zip.entries.length === 0)
        throw new SsdpError('E_RADAR_BAD_ZIP', `${path} is an empty zip archive.`);
    for (const e of zip.entries)
        if (!e.name.endsWith('/'))
            readEntry(zip, e);
}
class HttpFailure extends Error {
    status;
    retryable;
    constructor(message, status, retryable = true) {
        super(message);
        this.status = status;
        this.retryable = retryable;
    }
}
/** One request: appends the body to `part` from its current size; resolves when complete. */
function fetchInto(url, part, opts, date, redirects = 0) {
    const have = existsSync(part) ? statSync(part).size : 0;
    const get = url.startsWith('https:') ? https.get : http.get;
    return new Promise((resolve, reject) => {
        const req = get(url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {}, timeout: opts.timeoutMs ?? 60_000 }, (res) => {
            const status = res.statusCode ?? 0;
            if ([301, 302, 303, 307, 308].includes(status) && res.headers.location) {
                res.resume();
                if (redirects >= 5)
                    reject(new HttpFailure(`too many redirects (last to ${res.headers.location})`, status, false));
                else
                    fetchInto(new URL(res.headers.location, url).toString(), part, opts, date, redirects + 1).then(resolve, reject);
                return;
            }
            let append;
            if (status === 206 && have > 0) {
                const m = /^bytes (\d+)-/.exec(String(res.headers['content-range'] ?? ''));
                if (!m || Number(m[1]) !== have) {
                    res.resume();
                    // The server answered a different range: start over rather than splice wrong bytes.
                    unlinkSync(part);
                    reject(new HttpFailure(`the server resumed at the wrong offset (${res.headers['content-range']})`));
                    return;
                }
                append = true;
            }
            else if (status === 200)
                append = false;
            else if (status === 416 && have > 0) {
                // Nothing left to fetch: the part file may already be complete; verification decides.
                res.resume();
                resolve();
                return;
            }
            else {
                res.resume();
                const retryable = status >= 500 || status === 429 || status === 408;
                reject(new HttpFailure(`HTTP ${status} ${res.statusMessage ?? ''}`.trim(), status, retryable));
                return;
            }
            const length = Number(res.headers['content-length'] ?? NaN);
            const total = Number.isFinite(length) ? length + (append ? have : 0) : undefined;
            const out = createWriteStream(part, { flags: append ? 'a' : 'w' });
            let bytes = append ? have : 0;
            let failed = false;
            const fail = (e) => {
                if (failed)
                    return;
                failed = true;
                out.end(() => reject(e));
            };
            res.on('data', (chunk) => {
                bytes += chunk.length;
                opts.onProgress?.({ date, event: 'data', bytes, total });
            });
            res.on('aborted', () => fail(new HttpFailure('the connection closed in the middle of the body')));
            res.on('error', (e) => fail(new HttpFailure(`the connection failed: ${e.message}`)));
            res.pipe(out);
            out.on('error', (e) => fail(e));
            out.on('finish', () => {
                if (failed)
                    return;
                if (total !== undefined && bytes < total)
                    reject(new HttpFailure(`the body ended after ${bytes} of ${total} bytes`));
                else
                    resolve();
            });
        });
        req.on('timeout', () => req.destroy(new HttpFailure('no data for too long')));
        req.on('error', (e) => reject(e instanceof HttpFailure ? e : new HttpFailure(`the request failed: ${e.message}`)));
    });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** A base URL that cannot work is refused at once: retrying it only hides the typo. */
function checkBaseUrl(baseUrl) {
    let ok = false;
    try {
        ok = ['http:', 'https:'].includes(new URL(baseUrl).protocol);
    }
    catch {
        ok = false;
    }
    if (!ok) {
        throw new SsdpError('E_RADAR_BAD_URL', `the SMHI base URL '${baseUrl}' is not an http:// or https:// address.`, {
            hint: `Fix --param smhi-url (or SSDP_SMHI_URL), e.g. http://${baseUrl.replace(/^[a-z]+:\/*/i, '')} or ${DEFAULT_SMHI_URL}.`,
        });
    }
}
/** What a body that should be a zip is, when it is not one: HTML is a server's error page. */
function describeBody(part) {
    try {
        const head = readFileSync(part).subarray(0, 512).toString('latin1').trimStart().toLowerCase();
        if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<'))
            return 'the server sent an HTML or XML page instead of a zip archive';
    }
    catch {
        // no body on disk: nothing to describe
    }
    return '';
}
/** Downloads one day unless it is already in `dir`; returns its path and whether it was fetched. */
export async function downloadSmhiDay(date, opts) {
    const baseUrl = opts.baseUrl ?? process.env.SSDP_SMHI_URL ?? DEFAULT_SMHI_URL;
    checkBaseUrl(baseUrl);
    const path = dayFile(opts.dir, date);
    const part = `${path}.part`;
    if (existsSync(path)) {
        try {
            // Only verified archives get the final name, so the directory's presence is enough here
            // (a full CRC check of a cached month would cost seconds on every run).
            if (openZip(path).entries.length === 0)
                throw new Error('empty');
            opts.onProgress?.({ date, event: 'cached' });
            return { path, downloaded: false };
        }
        catch {
            // A damaged final file (written by someone else): fetch it again, replacing it at the end.
        }
    }
    mkdirSync(opts.dir, { recursive: true });
    const url = smhiDayUrl(baseUrl, date);
    const retries = opts.retries ?? 4;
    const backoff = opts.backoffMs ?? 500;
    let last;
    for (let attempt = 0; attempt <= retries; attempt++) {
        if (attempt > 0) {
            opts.onProgress?.({ date, event: 'retry', attempt, error: String(last?.message ?? last) });
            await sleep(backoff * 2 ** (attempt - 1));
        }
        opts.onProgress?.({ date, event: 'start', attempt });
        try {
            await fetchInto(url, part, opts, date);
        }
        catch (e) {
            last = e;
            if (e instanceof HttpFailure && e.status === 404) {
                throw new SsdpError('E_RADAR_NOT_FOUND', `SMHI has no radar archive for ${date} (HTTP 404 from ${url}).`, {
                    hint: 'Check the dates: SMHI keeps composites from 2009 on, and the current day is incomplete.',
                });
            }
            if (e instanceof HttpFailure && !e.retryable)
                break;
            continue;
        }
        try {
            verifyZip(part);
        }
        catch (e) {
            // Complete by length but not a valid archive: discard and fetch from scratch.
            const what = describeBody(part);
            last = what ? new Error(what) : e;
            if (existsSync(part))
                unlinkSync(part);
            // An error page comes back the same on every try.
            if (what)
                break;
            continue;
        }
        renameSync(part, path);
        opts.onProgress?.({ date, event: 'done', bytes: statSync(path).size });
        return { path, downloaded: true };
    }
    const why = (isSsdpError(last) || last instanceof Error ? last.message : String(last)).replace(/\.+$/, '');
    throw new SsdpError('E_RADAR_DOWNLOAD', `downloading ${date} from ${url} failed after ${retries + 1} attempts: ${why}.`, {
        hint: `${existsSync(part) ? `What arrived is kept in ${part} and the next run resumes it. ` : ''}Check the network or the base URL (--param smhi-url or SSDP_SMHI_URL).`,
        cause: last,
    });
}
/** Downloads `days` days from `start` into `dir`, a few at a time. */
export async function downloadSmhiDays(opts) {
    const dates = dateRange(opts.start, opts.days);
    const result = { files: dates.map((d) => dayFile(opts.dir, d)), downloaded: [], cached: [] };
    let next = 0;
    const worker = async () => {
        while (next < dates.length) {
            const date = dates[next++];
            const r = await downloadSmhiDay(date, opts);
            (r.downloaded ? result.downloaded : result.cached).push(date);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 2, dates.length)) }, worker));
    result.downloaded.sort();
    result.cached.sort();
    return result;
}
//# sourceMappingURL=smhi.js.map
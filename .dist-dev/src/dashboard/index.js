/**
 * The live dashboard and the performance report of a Client or an `ssdp run` (dask's dashboard
 * and `performance_report`): a Recorder watches the runs, a server shows it live when asked,
 * and `writeReport` keeps a self-contained copy.
 */
import { lstat, mkdir, stat } from 'node:fs/promises';
import { SsdpError } from '../util/errors.js';
import { dirname, resolve } from 'node:path';
import { printLine } from '../util/reporter.js';
import { writeFileAtomic } from '../radar/outputs/atomic.js';
import { Recorder } from './recorder.js';
import { announce, startServer } from './server.js';
import { renderPage } from './page.js';
import { checkPort } from './port.js';
import { isReport } from './checkpoint.js';
export { checkPort } from './port.js';
export { Recorder } from './recorder.js';
export { DEFAULT_PORT } from './server.js';
/** How often Slurm is asked about this process's worker jobs (only while a Slurm cluster is open). */
const SLURM_POLL_MS = 2000;
export class Dashboard {
    recorder;
    server;
    slurmTimer;
    constructor(recorder) {
        this.recorder = recorder;
    }
    /**
     * Records (into `recorder` when given: a Client makes its own before this module loads);
     * serves and prints the address on stderr unless `serve` is false.
     */
    static async start(opts = {}, recorder) {
        checkPort(opts.port);
        const d = new Dashboard(recorder ?? new Recorder(opts.title ?? 'compute', opts.kindOf));
        if (opts.serve !== false) {
            d.server = await startServer(d.recorder, opts.port);
            printLine(announce(d.server.url, d.server.port));
        }
        d.watchSlurm();
        return d;
    }
    /** The worker jobs of the Slurm clusters this process has open (a Client's, or ssdp run --cluster's), with their state. */
    watchSlurm() {
        let asking = false;
        this.slurmTimer = setInterval(() => {
            if (asking)
                return;
            asking = true;
            import('../cluster/slurm.js')
                .then((m) => m.listSlurmWorkers())
                .then((jobs) => jobs.length > 0 && this.recorder.slurmJobs(jobs))
                .catch(() => { }) // squeue failing now is asked again next time
                .finally(() => (asking = false));
        }, SLURM_POLL_MS).unref();
    }
    /** The live page's address (undefined when not serving). */
    get url() {
        return this.server?.url;
    }
    state() {
        return this.recorder.snapshot();
    }
    /** Writes the self-contained report (HTML, charts and summary) to `file`; returns its absolute path. */
    async writeReport(file, opts = {}) {
        return writeReport(file, this.recorder.snapshot(), opts);
    }
    async close() {
        clearInterval(this.slurmTimer);
        this.recorder.close();
        await this.server?.close();
        this.server = undefined;
    }
}
export async function writeReport(file, state, opts = {}) {
    const path = resolve(file);
    const refuse = (why) => new SsdpError('E_REPORT_PATH', `performance report: cannot write ${JSON.stringify(file)} (${path}): ${why}.`, {
        hint: 'Give the path of an HTML file in a folder you can write, e.g. performanceReport("report.html").',
    });
    if (typeof file !== 'string' || file.trim() === '' || /[\\/]$/.test(file))
        throw refuse('that names no file');
    const link = await lstat(path).catch(() => undefined);
    const st = link && (await stat(path).catch(() => undefined));
    if (st?.isDirectory())
        throw refuse('it is a folder');
    // the report is renamed into place: over a device, FIFO or socket (or a link to one, /dev/stdout)
    // that would replace the node itself, and opening a FIFO to look inside would block
    if (link && !st?.isFile())
        throw refuse(st ? 'it is not a regular file (a device, FIFO or socket, or a link to one)' : 'it is a symbolic link to nothing');
    // dask's performance_report replaces any file; ssdp never replaces a file it did not write unless told to
    if (st && !opts.overwrite && !isReport(path)) {
        throw new SsdpError('E_REPORT_EXISTS', `performance report: ${JSON.stringify(file)} (${path}) exists and is not an ssdp performance report; it is left as it is.`, {
            hint: 'Give another file name, or replace that file on purpose with performanceReport(file, { overwrite: true }).',
        });
    }
    try {
        await mkdir(dirname(path), { recursive: true });
        await writeFileAtomic(path, renderPage({ live: false, title: state.run.title, state }));
    }
    catch (e) {
        const code = e.code;
        throw refuse(code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `not allowed to write there (${code})` : code === 'ENOENT' || code === 'ENOTDIR' ? `its folder cannot be made (${code})` : String(code ?? e));
    }
    return path;
}
//# sourceMappingURL=index.js.map
/**
 * The live dashboard and the performance report of a Client or an `ssdp run` (dask's dashboard
 * and `performance_report`): a Recorder watches the runs, a server shows it live when asked,
 * and `writeReport` keeps a self-contained copy.
 */
import { mkdir } from 'node:fs/promises';
import { SsdpError } from '../util/errors.js';
import { regularFileAt } from '../util/replace-guard.js';
import { dirname, resolve } from 'node:path';
import { printLine } from '../util/reporter.js';
import { writeFileAtomic } from '../util/atomic-file.js';
import { Recorder, type DashState } from './recorder.js';
import { announce, startServer, type DashboardServer } from './server.js';
import { renderPage } from './page.js';
import { checkPort } from './port.js';
import { isReport } from './checkpoint.js';

export { checkPort } from './port.js';

export { Recorder, type DashState } from './recorder.js';
export { DEFAULT_PORT } from './server.js';

export interface DashboardOptions {
  /** Serve the live page (default true); false only records, for a report. */
  serve?: boolean;
  /** Port on 127.0.0.1; taken or not allowed -> E_DASHBOARD_PORT. Default: 8787 or the next free one. */
  port?: number;
  /** Shown in the page's title. */
  title?: string;
  /** Task kind of a key (default: the key's prefix). */
  kindOf?: (key: string) => string;
}

/** How often Slurm is asked about this process's worker jobs (only while a Slurm cluster is open). */
const SLURM_POLL_MS = 2000;

export class Dashboard {
  readonly recorder: Recorder;
  private server: DashboardServer | undefined;
  private slurmTimer: NodeJS.Timeout | undefined;

  private constructor(recorder: Recorder) {
    this.recorder = recorder;
  }

  /**
   * Records (into `recorder` when given: a Client makes its own before this module loads);
   * serves and prints the address on stderr unless `serve` is false.
   */
  static async start(opts: DashboardOptions = {}, recorder?: Recorder): Promise<Dashboard> {
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
  private watchSlurm(): void {
    let asking = false;
    this.slurmTimer = setInterval(() => {
      if (asking) return;
      asking = true;
      import('../cluster/slurm.js')
        .then((m) => m.listSlurmWorkers())
        .then((jobs) => jobs.length > 0 && this.recorder.slurmJobs(jobs))
        .catch(() => {}) // squeue failing now is asked again next time
        .finally(() => (asking = false));
    }, SLURM_POLL_MS).unref();
  }

  /** The live page's address (undefined when not serving). */
  get url(): string | undefined {
    return this.server?.url;
  }

  state(): DashState {
    return this.recorder.snapshot();
  }

  /** Writes the self-contained report (HTML, charts and summary) to `file`; returns its absolute path. */
  async writeReport(file: string, opts: ReportOptions = {}): Promise<string> {
    return writeReport(file, this.recorder.snapshot(), opts);
  }

  async close(): Promise<void> {
    clearInterval(this.slurmTimer);
    this.recorder.close();
    await this.server?.close();
    this.server = undefined;
  }
}

export interface ReportOptions {
  /** Replace `file` even when it is not a report ssdp wrote (an older ssdp report is always replaced). */
  overwrite?: boolean;
}

export async function writeReport(file: string, state: DashState, opts: ReportOptions = {}): Promise<string> {
  const path = resolve(file);
  const refuse = (why: string): SsdpError =>
    new SsdpError('E_REPORT_PATH', `performance report: cannot write ${JSON.stringify(file)} (${path}): ${why}.`, {
      hint: 'Give the path of an HTML file in a folder you can write, e.g. performanceReport("report.html").',
    });
  if (typeof file !== 'string' || file.trim() === '' || /[\\/]$/.test(file)) throw refuse('that names no file');
  const exists = regularFileAt(path, refuse);
  // dask's performance_report replaces any file; ssdp never replaces a file it did not write unless told to
  if (exists && !opts.overwrite && !isReport(path)) {
    throw new SsdpError('E_REPORT_EXISTS', `performance report: ${JSON.stringify(file)} (${path}) exists and is not an ssdp performance report; it is left as it is.`, {
      hint: 'Give another file name, or replace that file on purpose with performanceReport(file, { overwrite: true }).',
    });
  }
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, renderPage({ live: false, title: state.run.title, state }));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `not allowed to write there (${code})`
      : code === 'ENOENT' || code === 'ENOTDIR' ? `its folder cannot be made (${code})`
      : code === 'ENOSPC' || code === 'EDQUOT' ? `the disk is full (${code}); nothing was left half-written`
      : String(code ?? e);
    throw refuse(why);
  }
  return path;
}

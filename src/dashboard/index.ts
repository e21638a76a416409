/**
 * The live dashboard and the performance report of a Client or an `ssdp run` (dask's dashboard
 * and `performance_report`): a Recorder watches the runs, a server shows it live when asked,
 * and `writeReport` keeps a self-contained copy.
 */
import { mkdir, stat } from 'node:fs/promises';
import { SsdpError } from '../util/errors.js';
import { dirname, resolve } from 'node:path';
import { printLine } from '../util/reporter.js';
import { writeFileAtomic } from '../radar/outputs/atomic.js';
import { Recorder, type DashState } from './recorder.js';
import { announce, startServer, type DashboardServer } from './server.js';
import { renderPage } from './page.js';
import { checkPort } from './port.js';

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
  async writeReport(file: string): Promise<string> {
    return writeReport(file, this.recorder.snapshot());
  }

  async close(): Promise<void> {
    clearInterval(this.slurmTimer);
    this.recorder.close();
    await this.server?.close();
    this.server = undefined;
  }
}

export async function writeReport(file: string, state: DashState): Promise<string> {
  const path = resolve(file);
  const refuse = (why: string): SsdpError =>
    new SsdpError('E_REPORT_PATH', `performance report: cannot write ${JSON.stringify(file)} (${path}): ${why}.`, {
      hint: 'Give the path of an HTML file in a folder you can write, e.g. performanceReport("report.html").',
    });
  if (typeof file !== 'string' || file.trim() === '' || /[\\/]$/.test(file)) throw refuse('that names no file');
  if (await stat(path).then((st) => st.isDirectory(), () => false)) throw refuse('it is a folder');
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, renderPage({ live: false, title: state.run.title, state }));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw refuse(code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `not allowed to write there (${code})` : code === 'ENOENT' || code === 'ENOTDIR' ? `its folder cannot be made (${code})` : String(code ?? e));
  }
  return path;
}

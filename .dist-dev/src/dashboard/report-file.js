/** Where `ssdp run` keeps its performance report: next to the workflow's state, as the latest run's. */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
export const performanceReportFile = (root) => join(root, '.ssdp', 'performance-report.html');
/**
 * What `ssdp run --dashboard` says when there is nothing to run. No page is served (there is
 * nothing to watch) and no report written: the last run's report describes the outputs that are
 * up to date, and the radar report links to it, so an empty one must not replace it.
 */
export function nothingToRunNote(root) {
    const file = performanceReportFile(root);
    const shown = relative(process.cwd(), file) || file;
    return existsSync(file)
        ? `dashboard: not started, nothing to run; the report of the last run that ran steps stays in ${shown}`
        : `dashboard: not started, nothing to run; no report is written (no run of this workflow has run a step yet)`;
}
//# sourceMappingURL=report-file.js.map
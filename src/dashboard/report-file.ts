/** Where `ssdp run` keeps its performance report: next to the workflow's state, as the latest run's. */
import { join } from 'node:path';

export const performanceReportFile = (root: string): string => join(root, '.ssdp', 'performance-report.html');

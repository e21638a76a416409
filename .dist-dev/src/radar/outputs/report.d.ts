/**
 * report.html: one self-contained page (plain HTML and CSS, no script) showing the GIF, the four
 * statistic maps, the run summary and its timings. Images are referenced by relative names, so
 * the page works wherever the output folder is copied, and every string from the run is escaped.
 */
import type { SummaryJson } from './types.js';
export declare function renderReport(s: SummaryJson): string;

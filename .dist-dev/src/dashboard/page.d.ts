/**
 * The dashboard page: one HTML file with its CSS and script inline, drawn by hand on canvases
 * (bars, two line charts: shorter than bringing in a chart library and inlining it into every
 * report). Live, it follows the server's event stream; as a report it carries the state inside
 * and needs nothing else, so it opens from file://.
 */
import type { DashState } from './recorder.js';
export interface PageOptions {
    title: string;
    live: boolean;
    /** The state drawn by a static report. */
    state?: DashState;
}
export declare function renderPage(o: PageOptions): string;

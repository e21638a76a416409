import { SsdpError } from '../util/errors.js';
import { closest } from '../graph/options.js';
/** The one rule for a dashboard port (Client option and --dashboard-port): a whole number 0-65535, 0 = any free port. */
export function checkPort(port) {
    if (port === undefined)
        return;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
        throw new SsdpError('E_DASHBOARD_PORT', `dashboard: port ${JSON.stringify(port)} is not a port number.`, {
            hint: 'Use a whole number from 1 to 65535, or 0 for any free port.',
        });
    }
}
const DASHBOARD_KEYS = { serve: 'boolean', port: 'number', title: 'string', kindOf: 'function' };
/**
 * The Client's `dashboard` option: true/false, or an object of known keys (a typo such as
 * { prot: 9000 } would otherwise serve on the default port unnoticed).
 */
export function checkDashboardOption(d) {
    if (d === undefined || typeof d === 'boolean')
        return;
    const usage = 'Use dashboard: true, or an object such as { port: 9000 } (keys: serve, port, title, kindOf).';
    if (typeof d !== 'object' || d === null || Array.isArray(d)) {
        throw new SsdpError('E_COMPUTE_OPTION', `new Client: dashboard takes true, false or an object, not ${JSON.stringify(d)}.`, { hint: usage });
    }
    for (const [key, value] of Object.entries(d)) {
        const type = DASHBOARD_KEYS[key];
        if (type === undefined) {
            // swapped letters (prot) are a typo too, though two edits away
            const sorted = (w) => [...w.toLowerCase()].sort().join('');
            const near = closest(key, Object.keys(DASHBOARD_KEYS)) ?? Object.keys(DASHBOARD_KEYS).find((k) => sorted(k) === sorted(key));
            throw new SsdpError('E_COMPUTE_OPTION', `new Client: unknown dashboard option '${key}'${near ? ` (did you mean '${near}'?)` : ''}.`, { hint: usage });
        }
        if (key !== 'port' && value !== undefined && typeof value !== type) {
            throw new SsdpError('E_COMPUTE_OPTION', `new Client: dashboard.${key} takes a ${type}, not ${JSON.stringify(value) ?? typeof value}.`, { hint: usage });
        }
    }
    checkPort(d.port);
}
//# sourceMappingURL=port.js.map
import { SsdpError } from '../util/errors.js';

/** The one rule for a dashboard port (Client option and --dashboard-port): a whole number 0-65535, 0 = any free port. */
export function checkPort(port: unknown): void {
  if (port === undefined) return;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SsdpError('E_DASHBOARD_PORT', `dashboard: port ${JSON.stringify(port)} is not a port number.`, {
      hint: 'Use a whole number from 1 to 65535, or 0 for any free port.',
    });
  }
}

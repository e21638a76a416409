/** The one rule for a dashboard port (Client option and --dashboard-port): a whole number 0-65535, 0 = any free port. */
export declare function checkPort(port: unknown): void;
/**
 * The Client's `dashboard` option: true/false, or an object of known keys (a typo such as
 * { prot: 9000 } would otherwise serve on the default port unnoticed).
 */
export declare function checkDashboardOption(d: unknown): void;

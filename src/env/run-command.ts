import { SsdpError } from '../util/errors.js';

/** `ssdp run -n NAME -- CMD ARGS`: owned by the env lifecycle. */
export async function runCommandCli(_argv: Record<string, unknown>): Promise<number> {
  throw new SsdpError('E_NOT_IMPLEMENTED', 'ssdp run -n/-p is not implemented yet.');
}

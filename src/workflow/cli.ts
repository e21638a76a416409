import { SsdpError } from '../util/errors.js';

/** `ssdp run TASK`: owned by the workflow runner. */
export async function runTaskCli(_argv: Record<string, unknown>): Promise<number> {
  throw new SsdpError('E_NOT_IMPLEMENTED', 'ssdp run TASK is not implemented yet.');
}

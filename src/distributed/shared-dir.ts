/**
 * The shared folder a run's blobs go to (Client sharedDir, else SSDP_SHARED_DIR), checked by the
 * submitter before anything is sent (try11t B5): a relative path means something else in each
 * worker's cwd (a worker wrote blobs under its own cwd and the client read "file is missing"), and
 * a file or an unwritable folder failed on a worker as "a worker stopped unexpectedly".
 */
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { SsdpError } from '../util/errors.js';

export function checkedSharedDir(given: string | undefined): string | undefined {
  const fromEnv = given === undefined;
  const dir = given ?? (process.env.SSDP_SHARED_DIR || undefined);
  if (dir === undefined) return undefined;
  const what = fromEnv ? `SSDP_SHARED_DIR=${dir}` : `sharedDir '${dir}'`;
  const code = fromEnv ? 'E_BAD_ENV_SETTING' : 'E_BAD_OPTION_VALUE';
  const hint = `${fromEnv ? 'Set SSDP_SHARED_DIR' : 'Give sharedDir'} as the absolute path of a folder every worker and this machine see at the same path (or unset it: data then travels through Redis).`;
  if (!isAbsolute(dir)) throw new SsdpError(code, `${what} is a relative path: each worker would read it from its own working folder, not this one.`, { hint, exitCode: 2 });
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new SsdpError(code, `${what}: no such folder on this machine.`, { hint, exitCode: 2 });
  }
  if (!isDir) throw new SsdpError(code, `${what} is a file, not a folder.`, { hint, exitCode: 2 });
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw new SsdpError(code, `${what}: this user cannot write in that folder.`, { hint, exitCode: 2 });
  }
  return dir;
}

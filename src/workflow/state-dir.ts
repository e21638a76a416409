/**
 * The project's .ssdp/ folder holds every record a run relies on (lock, stamps, running steps,
 * moved-aside outputs). When it, or a folder in it, is a plain file or cannot be used, every later
 * file operation would fail with a bare ENOTDIR/EACCES stack part-way through a run: say so once,
 * before the run takes its lock or touches anything.
 */
import { accessSync, constants, existsSync, readdirSync, type Dirent } from 'node:fs';
import { describeNonFolder, pathKind } from '../util/path-kind.js';
import { join, relative } from 'node:path';
import { SsdpError } from '../util/errors.js';

/** The folders ssdp keeps in .ssdp/ (files there, such as run.lock, are replaced as needed). */
const FOLDERS = ['tasks', 'running', 'failed', 'replaced', 'slurm'];

/** `write`: the run will write there (not a --dry-run), so a project folder it cannot write is said too. */
export function checkStateFolder(root: string, write = true): void {
  const state = join(root, '.ssdp');
  if (write && !existsSync(state)) {
    try {
      accessSync(root, constants.W_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new SsdpError('E_WORKFLOW_STATE', `The project folder ${root} cannot be written (${code}${code === 'EROFS' ? ', a read-only file system' : ''}), so ssdp cannot keep its records of this workflow's runs in ${state}; nothing was run.`, {
        hint: `Run the workflow from a copy of the project on a writable disk, or make ${root} writable; ssdp run --dry-run still shows the plan.`,
        cause: e,
      });
    }
  }
  for (const p of [state, ...FOLDERS.map((f) => join(state, f))]) {
    const k = pathKind(p);
    if (k.is === 'nothing') continue; // made when first needed
    // A link to nothing (the state on a disk not mounted today) cannot be made when first needed.
    if (k.is === 'dangling-link' || k.is === 'link-loop') throw stateError(root, p, `is ${describeNonFolder(k)}`);
    if (k.is === 'unreadable') throw stateError(root, p, `cannot be read (${k.code})`, k.error);
    if (k.is === 'not-a-folder') throw stateError(root, p, 'is not a folder');
    try {
      accessSync(p, constants.R_OK | constants.W_OK | constants.X_OK);
    } catch (e) {
      throw stateError(root, p, `is a folder this user cannot read and write (${(e as NodeJS.ErrnoException).code})`, e);
    }
  }
  // The records ssdp reads: a FIFO among them would block that read for ever, where no Ctrl-C
  // can stop it (the tester's s14 B5). The folder listing's types cost no stat per stamp.
  const odd = (d: Dirent) => d.isFIFO() || d.isSocket() || d.isCharacterDevice() || d.isBlockDevice();
  const kindOf = (d: Dirent) => (d.isFIFO() ? 'a FIFO (named pipe)' : d.isSocket() ? 'a socket' : 'a device');
  const lockFile = pathKind(join(state, 'run.lock'));
  if (lockFile.is === 'not-a-folder' && lockFile.what !== 'a file') throw stateError(root, join(state, 'run.lock'), `is ${lockFile.what}, not the lock file ssdp writes`);
  for (const dir of ['tasks', 'running'].map((f) => join(state, f))) {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // not there yet (or checked above)
    }
    const bad = entries.find(odd);
    if (bad) throw stateError(root, join(dir, bad.name), `is ${kindOf(bad)}, not a record ssdp writes`);
  }
}

function stateError(root: string, p: string, what: string, cause?: unknown): SsdpError {
  const name = relative(root, p);
  return new SsdpError('E_WORKFLOW_STATE', `${p} ${what}; ssdp keeps its records of this workflow's runs ${name === '.ssdp' ? 'there' : `in ${join(root, '.ssdp')}`}, so no run can start. Nothing was run or changed.`, {
    hint: `Move it away (mv ${JSON.stringify(name)} ${JSON.stringify(`${name}.bak`)}) if it is yours, or fix its permissions, then run again; without earlier records, outputs already present are treated as files ssdp did not write (kept, never replaced).`,
    cause,
  });
}

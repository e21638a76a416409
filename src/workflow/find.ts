/** Finds the workflow file: --workflow, else ssdp.yaml in this folder or the nearest parent (as pixi finds pixi.toml). */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { utf8Path } from '../util/undecodable-path.js';
import { WORKFLOW_FILE } from './spec.js';

export function findWorkflowFile(explicit?: string, from = process.cwd()): string {
  // A project folder whose name is not UTF-8 reads back with U+FFFD: "No ssdp.yaml" there was wrong (K10).
  if (explicit) return utf8Path(resolve(explicit), 'the workflow path');
  utf8Path(from, 'the current folder');
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, WORKFLOW_FILE);
    if (existsSync(candidate)) {
      if (dir !== resolve(from)) checkOwnedAbove(candidate);
      return candidate;
    }
    if (dirname(dir) === dir) break;
  }
  throw new SsdpError('E_NO_WORKFLOW', `No ${WORKFLOW_FILE} in ${from} or any folder above it.`, {
    hint: `Run ssdp from a project that has an ${WORKFLOW_FILE}, pass --workflow FILE, or use 'ssdp run -n ENV -- CMD' to run one command in an env.`,
  });
}

/** Parses repeated `--param key=value` options. */
export function parseParams(values: unknown): Record<string, string> {
  const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
  const out: Record<string, string> = {};
  for (const item of list) {
    const text = String(item);
    const eq = text.indexOf('=');
    if (eq <= 0) {
      throw new SsdpError('E_BAD_PARAM', `--param ${text}: expected KEY=VALUE.`, { hint: 'e.g. --param days=7 --param start=2020-11-01', exitCode: 2 });
    }
    const key = text.slice(0, eq);
    const value = text.slice(eq + 1);
    // `--param n=2 --param n=3`: which one was meant is not for us to guess (as with -n twice).
    if (Object.hasOwn(out, key) && out[key] !== value) {
      throw new SsdpError('E_BAD_PARAM', `--param ${key} is given twice ('${out[key]}', then '${value}'): give it once.`, { exitCode: 2 });
    }
    out[key] = value;
  }
  return out;
}

/**
 * An ssdp.yaml found in a folder above this one runs its commands as the user typing ssdp run: in
 * a shared /tmp or /scratch anyone could plant one (WU1). As git does for a repository of another
 * user (safe.directory), one owned by someone else, or in a folder they own, is refused unless
 * named with --workflow.
 */
function checkOwnedAbove(file: string): void {
  const me = process.getuid?.();
  if (me === undefined) return;
  for (const p of [file, dirname(file)]) {
    const owner = statSync(p).uid;
    if (owner === me) continue;
    throw new SsdpError('E_WORKFLOW_NOT_YOURS', `The nearest ${WORKFLOW_FILE} above this folder is ${file}, and ${p === file ? 'it' : 'its folder'} belongs to another user (uid ${owner}); ssdp does not run a workflow found above the current folder that someone else could have put there.`, {
      hint: `If you mean to run it, name it: ssdp run --workflow ${JSON.stringify(file)} TASK (or cd to ${dirname(file)}).`,
    });
  }
}

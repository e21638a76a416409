/**
 * Runs Python Dask (Debian's python3-dask under /usr/bin/python3; the pyenv python3 on PATH has
 * no dask) on the same data as a test, for the "same result as Dask" checks. Tests skip, saying
 * why, when it is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { before } from 'node:test';
import { isMainThread } from 'node:worker_threads';

export const DASK_PYTHON = '/usr/bin/python3';

function probe(): string | false {
  if (!existsSync(DASK_PYTHON)) return `${DASK_PYTHON} is missing (apt-get install python3-dask)`;
  const r = spawnSync(DASK_PYTHON, ['-c', 'import dask, dask.bag'], { encoding: 'utf8' });
  return r.status === 0 ? false : `Debian's python3-dask is missing (apt-get install python3-dask): ${r.stderr.trim().split('\n').pop()}`;
}

/** `false` when Dask can run, else the reason to give `test(..., { skip })`. */
export const NO_DASK: string | false = probe();

/** Runs `code` (which prints one JSON value last) with dask; returns the parsed value. */
export function dask<T = unknown>(code: string, args: string[] = []): T {
  const r = spawnSync(DASK_PYTHON, ['-', ...args], { encoding: 'utf8', input: `import json, dask\nfrom dask import delayed\ndask.config.set(scheduler='sync')  # bags default to processes, which cannot re-import a script read from stdin\n${code}`, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`python dask snippet failed (status ${r.status}):\n${r.stderr}\n--- code ---\n${code}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/**
 * Runs several `dask` snippets in one Python process (a start with dask and numpy imported costs
 * ~0.7 s of CPU): each runs in a namespace of its own, as if alone, and gives the JSON value it
 * printed last, under its name. For a test file that compares against Dask in many places.
 */
export function daskMany<K extends string>(snippets: Record<K, string>): Record<K, unknown> {
  return dask<Record<K, unknown>>(
    `import io, contextlib
results = {}
for name, code in json.loads(${JSON.stringify(JSON.stringify(snippets))}).items():
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(code, {'json': json, 'dask': dask, 'delayed': delayed})
    results[name] = json.loads(buf.getvalue().strip().split('\\n')[-1])
print(json.dumps(results))`,
  );
}

/**
 * daskMany(snippets) once, before the file's tests, its values by name once they ran. Only on the
 * main thread: a worker thread that imports the test file for its block functions runs the file's
 * top-level before() hooks too, and would start Python again.
 */
export function useDaskMany<K extends string>(snippets: Record<K, string>, skip: string | false): Record<K, unknown> {
  const results = {} as Record<K, unknown>;
  if (!skip && isMainThread) before(() => void Object.assign(results, daskMany(snippets)));
  return results;
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from '../../src/util/run-program.js';
import { SsdpError } from '../../src/util/errors.js';

test('runProgram: a program that cannot start is E_PROGRAM_START naming it; one that runs gives its exit code, output and input', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssdp-run-program-'));
  try {
    // gone since it was looked up (what findProgram saw), and present but not executable
    for (const [file, why] of [[join(dir, 'sbatch'), /no such program/], [join(dir, 'squeue'), /not executable/]] as const) {
      if (file.endsWith('squeue')) writeFileSync(file, '#!/bin/sh\n', { mode: 0o644 });
      await assert.rejects(runProgram(file, ['--parsable']), (e: unknown) => {
        assert.ok(e instanceof SsdpError);
        assert.equal(e.code, 'E_PROGRAM_START');
        assert.ok(e.message.includes(`${file} --parsable`), e.message);
        assert.match(e.message, why);
        return true;
      });
    }
    const r = await runProgram('/bin/sh', ['-c', 'read line; echo "got $line"; echo oops >&2; exit 3'], { input: 'hello\n' });
    assert.deepEqual([r.code, r.stdout, r.stderr.trim(), r.timedOut], [3, 'got hello', 'oops', false]);
    // stopWhen ends a program at a word on its stderr (Slurm's commands retry an unreadable slurm.conf for 60 s)
    const stopped = await runProgram('/bin/sh', ['-c', 'echo "error: s_p_parse_file: cannot open" >&2; exec sleep 600'], { stopWhen: (s) => s.includes('s_p_parse_file') });
    assert.deepEqual([stopped.code, stopped.signal], [null, 'SIGKILL']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

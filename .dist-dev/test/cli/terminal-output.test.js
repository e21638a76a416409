/**
 * A workflow run on a real pseudo-terminal (util-linux `script`): step output printed while the
 * compute bar is drawn lands above the bar, whole, and the run's summary is the last line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, tempDir } from '../helpers/cli.js';
import { screen } from '../helpers/screen.js';
const WORKFLOW = `params:
  n: "8"
tasks:
  steps:
    foreach: { i: "range(0, \${n})" }
    cmd: "sleep 0.3; echo wrote part-\${i}.txt; echo note from \${i} >&2"
`;
test('step output and the compute bar share the terminal without garbling; the summary is last', async (t) => {
    if (spawnSync('script', ['--version']).status !== 0)
        return t.skip('util-linux script (a pseudo-terminal) is not installed');
    const dir = tempDir('ssdp-tty-');
    const proj = join(dir, 'proj');
    mkdirSync(proj);
    writeFileSync(join(proj, 'ssdp.yaml'), WORKFLOW);
    const log = join(dir, 'tty.log');
    const env = { ...process.env, SSDP_ROOT: join(dir, 'root') };
    delete env.CI;
    const status = await new Promise((ok) => {
        const c = spawn('script', ['-qec', `${process.execPath} ${CLI_ENTRY} run steps -j 2`, log], { env, cwd: proj, stdio: 'ignore' });
        c.on('close', ok);
    });
    assert.equal(status, 0, readFileSync(log, 'utf8'));
    const raw = readFileSync(log, 'utf8');
    const lines = screen(raw.slice(raw.indexOf('\n') + 1, raw.lastIndexOf('Script done'))).map((l) => l.replace(/\s+$/, '')).filter(Boolean);
    assert.ok(raw.includes('ssdp compute ['), `the bar was never drawn:\n${raw}`);
    for (let i = 0; i < 8; i++) {
        assert.ok(lines.includes(`wrote part-${i}.txt`), `'wrote part-${i}.txt' is not a line of its own:\n${lines.join('\n')}`);
        assert.ok(lines.includes(`note from ${i}`), `'note from ${i}' is not a line of its own:\n${lines.join('\n')}`);
    }
    // Nothing else: every line is a step's, the bar's final state, the start message or the summary.
    for (const l of lines)
        assert.match(l, /^(wrote part-\d\.txt|note from \d|ssdp compute \[█+\] 100% \| 8\/8 tasks.*|steps: running .*)$|^steps: done in /, l);
    assert.match(lines.at(-1), /^steps: done in [\d.]+ s \(8 ran, 0 up to date\)$/);
});
//# sourceMappingURL=terminal-output.test.js.map
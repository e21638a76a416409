/**
 * The radar pipeline (2 synthetic days) run locally and again on remote workers (via Redis, via
 * Slurm): a project folder for it and the check that both runs wrote the same files.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './cli.js';
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** `ssdp run pipeline` parameters of the 2-day run. */
export const RADAR_PARAMS = ['--param', 'days=2', '--param', 'start=2020-11-03'];
/** A folder holding the repository's ssdp.yaml without its env (steps run in this ssdp's node). */
export function radarProject(prefix) {
    const dir = tempDir(prefix);
    writeFileSync(join(dir, 'ssdp.yaml'), readFileSync(join(REPO, 'ssdp.yaml'), 'utf8').replace(/^env:.*$/m, ''));
    return dir;
}
const files = (out) => readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(out.length))
    .sort();
/**
 * Both output folders hold the same files with the same bytes. report.html and summary.json's
 * time stamp and timings are each run's own clock (its list of outputs is in the order they
 * finished writing); every other byte must match.
 */
export function assertSameRadarOutputs(local, remote) {
    assert.deepEqual(files(remote), files(local));
    assert.ok(files(local).includes('/radar.gif'));
    const outputs = files(local).filter((f) => f !== '/report.html' && f !== '/summary.json');
    const summary = (out) => {
        const j = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
        return { ...j, timings: undefined, generatedAt: undefined, outputs: [...j.outputs].sort((a, b) => a.file.localeCompare(b.file)) };
    };
    assert.deepEqual(summary(remote), summary(local));
    assert.ok(outputs.length >= 5, outputs.join(' '));
    for (const f of outputs)
        assert.ok(readFileSync(join(remote, f)).equals(readFileSync(join(local, f))), `${f} differs from the local run's`);
}
//# sourceMappingURL=radar-run.js.map
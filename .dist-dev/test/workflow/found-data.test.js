import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
// As the radar pipeline: a step with no inputs makes the data (here: "synthetic"), the next reads it.
const WORKFLOW = `
params: { data: data, days: "a, b" }
tasks:
  fetch:
    foreach: { day: "\${days}" }
    cmd: "mkdir -p \${data} && echo synthetic-\${day} > \${data}/\${day}.zip"
    outputs: ["\${data}/\${day}.zip"]
  pair:
    foreach: { day: "\${days}" }
    depends_on: [fetch]
    cmd: "mkdir -p out && cat \${data}/\${day}.zip > out/\${day}.txt"
    inputs: ["\${data}/\${day}.zip"]
    outputs: ["out/\${day}.txt"]
`;
function project() {
    const dir = tempDir('ssdp-data-');
    writeFileSync(join(dir, 'ssdp.yaml'), WORKFLOW);
    return dir;
}
test("a step with no inputs never overwrites existing outputs ssdp did not write: they are the data, also with --force", () => {
    const dir = project();
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine/a.zip'), 'my own a\n');
    writeFileSync(join(dir, 'mine/b.zip'), 'my own b\n');
    for (const force of [[], ['--force']]) {
        const json = runCli(['run', 'pair', '--param', 'data=mine', '--json', ...force], { cwd: dir });
        assert.equal(json.status, 0, json.stderr);
        assert.deepEqual(JSON.parse(json.stdout).data.sort(), ['fetch[a]', 'fetch[b]']);
        const r = runCli(['run', 'pair', '--param', 'data=mine', ...force], { cwd: dir });
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stderr, /2 step\(s\) not run: their outputs exist and ssdp did not write them, so they are used as the data \(mine\/a\.zip, mine\/b\.zip\)/);
        assert.equal(readFileSync(join(dir, 'mine/a.zip'), 'utf8'), 'my own a\n', `not overwritten ${force.join(' ')}`);
        assert.equal(readFileSync(join(dir, 'out/b.txt'), 'utf8'), 'my own b\n', 'the dependent step read the found data');
    }
    const dry = runCli(['run', 'pair', '--param', 'data=mine', '--dry-run'], { cwd: dir });
    assert.match(dry.stdout, /data +fetch\[a\]/);
});
test('files ssdp wrote itself are re-made by --force; a half-present set is refused, not overwritten', () => {
    const dir = project();
    assert.equal(runCli(['run', 'pair'], { cwd: dir }).status, 0);
    assert.equal(readFileSync(join(dir, 'data/a.zip'), 'utf8'), 'synthetic-a\n');
    writeFileSync(join(dir, 'data/a.zip'), 'synthetic-a\n'); // same content, but no longer the file ssdp left
    const forced = runCli(['run', 'pair', '--force', '--json'], { cwd: dir });
    assert.equal(forced.status, 0, forced.stderr);
    assert.deepEqual(JSON.parse(forced.stdout).data, ['fetch[a]'], 'the touched file is now the user\'s');
    assert.ok(JSON.parse(forced.stdout).ran.includes('fetch[b]'), 'its own file is made again');
    const half = project();
    mkdirSync(join(half, 'two'));
    writeFileSync(join(half, 'ssdp.yaml'), `tasks:\n  get:\n    cmd: "echo x > two/1; echo y > two/2"\n    outputs: [two/1, two/2]\n`);
    writeFileSync(join(half, 'two/1'), 'precious\n');
    const r = runCli(['run', 'get'], { cwd: half });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /E_OUTPUT_NOT_OURS/);
    assert.match(r.stderr, /two\/1 already exists and ssdp did not write it; .*two\/2 is missing/);
    assert.equal(readFileSync(join(half, 'two/1'), 'utf8'), 'precious\n');
});
test('a step with inputs moves an output ssdp did not write aside before making it', () => {
    const dir = project();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out/a.txt'), 'hand-made\n');
    const r = runCli(['run', 'pair'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'out/a.txt'), 'utf8'), 'synthetic-a\n');
    assert.match(r.stderr, /out\/a\.txt existed and ssdp did not write it: moved to \.ssdp\/replaced\/pair_a_-\d+/);
    const [aside] = readdirSync(join(dir, '.ssdp/replaced'));
    assert.equal(readFileSync(join(dir, '.ssdp/replaced', aside, 'out/a.txt'), 'utf8'), 'hand-made\n');
    assert.equal(existsSync(join(dir, '.ssdp/replaced', aside, 'out/b.txt')), false);
});
//# sourceMappingURL=found-data.test.js.map
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, CLI_ENTRY } from '../helpers/cli.js';
import { expandWildcard, readStamp, summariseFiles } from '../../src/workflow/stamps.js';

const WORKFLOW = `
params: { n: "3", out: out, pause: "0" }
tasks:
  make:
    description: one file per number
    foreach: { i: "range(0, \${n})" }
    cmd: "sleep \${pause}; mkdir -p \${out} && echo \${i} > \${out}/\${i}.txt && echo ran-\${i} >> log.txt"
    outputs: ["\${out}/\${i}.txt"]
  total:
    depends_on: [make]
    function: "./steps.mjs#total"
    args: { out: "\${out}", n: "\${n}" }
    inputs: ["\${out}/*.txt"]
    outputs: ["total.txt"]
  broken:
    cmd: "exit 3"
`;

const STEPS = `
import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
export function total(args, ctx) {
  let sum = 0;
  for (let i = 0; i < Number(args.n); i++) sum += Number(readFileSync(join(ctx.root, args.out, i + '.txt'), 'utf8'));
  writeFileSync(join(ctx.root, 'total.txt'), String(sum));
  appendFileSync(join(ctx.root, 'log.txt'), 'ran-total\\n');
  return { sum, inputs: ctx.deps.make.length, pid: process.pid };
}
`;

function project(): string {
  const dir = tempDir('ssdp-wf-');
  writeFileSync(join(dir, 'ssdp.yaml'), WORKFLOW);
  writeFileSync(join(dir, 'steps.mjs'), STEPS);
  return dir;
}

const logLines = (dir: string) => (existsSync(join(dir, 'log.txt')) ? readFileSync(join(dir, 'log.txt'), 'utf8').trim().split('\n') : []);

test('run builds what a task needs in worker processes, then skips what is up to date', () => {
  const dir = project();
  const r = runCli(['run', 'total', '-j', '2', '--json'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(dir, 'total.txt'), 'utf8'), '3');
  assert.deepEqual(logLines(dir).sort(), ['ran-0', 'ran-1', 'ran-2', 'ran-total']);
  assert.deepEqual(JSON.parse(r.stdout).ran.sort(), ['make[0]', 'make[1]', 'make[2]', 'total']);

  const again = runCli(['run', 'total', '--json'], { cwd: dir });
  assert.equal(again.status, 0, again.stderr);
  assert.equal(logLines(dir).length, 4, 'nothing ran a second time');

  const more = runCli(['run', 'total', '--param', 'n=4', '--json'], { cwd: dir });
  assert.equal(more.status, 0, more.stderr);
  assert.deepEqual(JSON.parse(more.stdout).ran.sort(), ['make[3]', 'total']);
  assert.equal(readFileSync(join(dir, 'total.txt'), 'utf8'), '6');

  writeFileSync(join(dir, 'out/2.txt'), '10\n');
  const touched = runCli(['run', 'total', '--param', 'n=4', '--json'], { cwd: dir });
  assert.deepEqual(JSON.parse(touched.stdout).ran, ['total'], 'a changed input reruns only its dependents');
  assert.equal(readFileSync(join(dir, 'total.txt'), 'utf8'), '14');
});

test('--dry-run lists what would run and changes nothing; --graph draws an SVG', () => {
  const dir = project();
  const r = runCli(['run', 'total', '--dry-run', '--graph', 'g.svg'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /run +make\[0\]/);
  assert.match(r.stdout, /4 to run, 0 up to date/);
  assert.equal(existsSync(join(dir, 'out')), false);
  const svg = readFileSync(join(dir, 'g.svg'), 'utf8');
  assert.match(svg, /<svg/);
  for (const id of ['make[0]', 'make[2]', 'total']) assert.ok(svg.includes(id), `${id} drawn`);
});

test('a failing step stops the run with its name and a non-zero exit', () => {
  const dir = project();
  const r = runCli(['run', 'broken'], { cwd: dir });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /broken/);
  assert.match(r.stderr, /exit(ed)? (with )?code 3|code 3/);
});

test('errors: unknown task, unknown parameter, no workflow file', () => {
  const dir = project();
  assert.match(runCli(['run', 'nope'], { cwd: dir }).stderr, /no task 'nope'/);
  const p = runCli(['run', 'total', '--param', 'zzz=1'], { cwd: dir });
  assert.notEqual(p.status, 0);
  assert.match(p.stderr, /no parameter 'zzz'/);
  const none = runCli(['run', 'x'], { cwd: tempDir() });
  assert.notEqual(none.status, 0);
  assert.match(none.stderr, /No ssdp\.yaml/);
});

test('ssdp tasks lists tasks and parameters', () => {
  const dir = project();
  const r = runCli(['tasks'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /make +one file per number/);
  assert.match(r.stdout, /n=3/);
});

test('a killed run resumes where it stopped, and leaves no step running', async () => {
  const dir = project();
  const args = ['run', 'total', '-j', '1', '--param', 'pause=0.4', '--param', 'n=6'];
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], { cwd: dir, stdio: 'ignore' });
  const stamped = () => Array.from({ length: 6 }, (_, i) => `make[${i}]`).filter((id) => readStamp(dir, id));
  const deadline = Date.now() + 30_000;
  while (stamped().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  const done = stamped();
  assert.ok(done.length >= 2 && done.length < 6, `killed mid-way (${done.length} done)`);
  await new Promise((r) => setTimeout(r, 300));
  const settled = logLines(dir).length;
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal(logLines(dir).length, settled, 'no step goes on running after the run was killed');

  const r = runCli([...args, '--json'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const ran: string[] = JSON.parse(r.stdout).ran;
  for (const id of done) assert.ok(!ran.includes(id), `${id} finished before the kill and is not run again`);
  assert.ok(ran.includes('total'));
  assert.equal(readFileSync(join(dir, 'total.txt'), 'utf8'), '15');
});

test('a function step runs in the project folder, as a cmd: step does: relative paths are the project\'s, also when ssdp run starts in a subfolder (try11w W4)', () => {
  // It ran in the folder ssdp run was started in: sub/out/sq-2.txt was written and the run failed
  // E_OUTPUT_MISSING for out/sq-2.txt.
  const dir = tempDir('ssdp-wf-cwd-');
  writeFileSync(join(dir, 'ssdp.yaml'), `
tasks:
  sq:
    foreach: { i: "range(1, 4)" }
    function: "./steps.mjs#sq"
    args: { i: "\${i}" }
    outputs: ["out/sq-\${i}.txt"]
  total:
    depends_on: [sq]
    cmd: "cat out/sq-*.txt > out/total.txt"
    outputs: ["out/total.txt"]
`);
  writeFileSync(join(dir, 'steps.mjs'), `
import fs from 'node:fs';
export function sq({ i }) { fs.mkdirSync('out', { recursive: true }); fs.writeFileSync(\`out/sq-\${i}.txt\`, String(i * i) + '\\n'); return process.cwd(); }
`);
  mkdirSync(join(dir, 'sub'));
  const r = runCli(['run', 'total', '-j', '2'], { cwd: join(dir, 'sub') });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(dir, 'out', 'total.txt'), 'utf8'), '1\n4\n9\n');
  assert.ok(!existsSync(join(dir, 'sub', 'out')), 'nothing written under the folder ssdp run was started in');
});

test('K2 (s18 try8k): an input whose file name is not UTF-8 is checked by its bytes, through a wildcard and inside an input folder', async () => {
  const { utimesSync, appendFileSync } = await import('node:fs');
  const dir = tempDir('ssdp-stamp-');
  mkdirSync(join(dir, 'data'));
  const latin = Buffer.concat([Buffer.from(`${dir}/data/caf`), Buffer.from([0xe9]), Buffer.from('.csv')]);
  writeFileSync(latin, 'a\n');
  writeFileSync(join(dir, 'data/b.csv'), 'b\n');
  const wild = [join(dir, 'data/*.csv')];
  const folder = [join(dir, 'data')];
  // The input-existence check (workflow/inputs.ts) lists the wildcard by its bytes too: the real
  // names, not caf\uFFFD.csv; a name holding a newline matches `*` as well (it was reported missing).
  assert.deepEqual(expandWildcard(wild[0]!), [Buffer.from(`${dir}/data/b.csv`), latin]);
  mkdirSync(join(dir, 'nl'));
  writeFileSync(join(dir, 'nl/a\nb.csv'), '');
  assert.deepEqual(expandWildcard(join(dir, 'nl/*.csv')), [Buffer.from(join(dir, 'nl/a\nb.csv'))]);
  const before = [summariseFiles(wild), summariseFiles(folder)];
  assert.deepEqual([summariseFiles(wild), summariseFiles(folder)], before, 'nothing changed: the same summary');
  appendFileSync(latin, 'more\n');
  utimesSync(latin, new Date('2030-01-01'), new Date('2030-01-01'));
  const after = [summariseFiles(wild), summariseFiles(folder)];
  assert.notEqual(after[0], before[0], 'the wildcard input saw the edit');
  assert.notEqual(after[1], before[1], 'the folder input saw the edit');
});

test('Q9 (s20 try8q): an output on /proc or /sys is E_BAD_SPEC at once (it spun for ever, deaf to Ctrl-C); a walked folder linking there or back to itself ends', { timeout: 120_000 }, async () => {
  const { symlinkSync, utimesSync } = await import('node:fs');
  const dir = tempDir('ssdp-kfs-');
  writeFileSync(join(dir, 'ssdp.yaml'), 'params: { data: data }\ntasks:\n  d:\n    cmd: \'mkdir -p "${data}"; exit 3\'\n    outputs: ["${data}"]\n');
  const r = runCli(['run', 'd', '--param', 'data=/proc/self'], { cwd: dir });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_BAD_SPEC\]: .*ssdp\.yaml:5:15: output '\$\{data\}' of task 'd' is on the kernel's proc file system \(\/proc\/self, which is \/proc\/\d+\)/);
  // A folder the walk meets through links (a step's output, an input folder): /proc/N/root is /,
  // so following it never ended; a link back up (up -> ..) is a loop. Both are noted, not walked.
  const twins = ['self', '1'].map((pid) => {
    const folder = join(tempDir('ssdp-kfs-'), 'out');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.txt'), 'a\n');
    utimesSync(join(folder, 'a.txt'), new Date('2020-01-01'), new Date('2020-01-01'));
    symlinkSync(`/proc/${pid}`, join(folder, 'p'));
    symlinkSync('..', join(folder, 'up'));
    return folder;
  });
  const first = summariseFiles([twins[0]!]);
  assert.equal(summariseFiles([twins[0]!]), first, 'the same summary each time, though /proc changes as it is read');
  assert.equal(summariseFiles([twins[1]!]), first, 'which process it links to does not matter');
});

test('S2 (s21 try8s): a walked folder holding a link to a folder above it (root -> /, up -> ..) notes the link as a loop, not walking what is beside the folder', { timeout: 120_000 }, async () => {
  const { symlinkSync } = await import('node:fs');
  const top = tempDir('ssdp-up-');
  const folder = join(top, 'd1');
  mkdirSync(folder);
  writeFileSync(join(folder, 'a'), 'a\n');
  symlinkSync('..', join(folder, 'up'));
  symlinkSync('/', join(folder, 'root'));
  symlinkSync('/.', join(folder, 'r'));
  const before = summariseFiles([folder]);
  // a file beside the folder (reached only through up -> ..) is not part of it
  writeFileSync(join(top, 'beside.txt'), 'changed\n');
  assert.equal(summariseFiles([folder]), before, 'what is beside the folder does not change its summary');
  writeFileSync(join(folder, 'a'), 'ab\n');
  assert.notEqual(summariseFiles([folder]), before, 'its own files still count');
});

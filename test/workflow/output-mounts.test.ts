/**
 * try8s S1: a step output that is a mount point (a data volume mounted in the project, as
 * `docker -v /big:/project/data` does) cannot be moved aside: rename() says EBUSY. It used to be
 * E_TASK_FAILED with ssdp's own stack and a hint about "the task function", leaving another empty
 * .ssdp/replaced/ folder each run. Now the run is refused before anything runs with
 * E_OUTPUT_MOUNT_POINT naming the output and the file line, and nothing on the volume is touched.
 * Real tmpfs mounts (a bind mount where tmpfs is not allowed); skipped only when this process cannot mount.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { moveAside } from '../../src/workflow/aside.js';

/** Mounts a fresh tmpfs (else a bind mount of a fresh folder) at `dir`; why not, when neither works. */
function mountAt(dir: string): string | undefined {
  mkdirSync(dir, { recursive: true });
  const tmpfs = spawnSync('mount', ['-t', 'tmpfs', 'none', dir], { encoding: 'utf8' });
  if (tmpfs.status === 0) return undefined;
  const src = `${dir}-src`;
  mkdirSync(src, { recursive: true });
  const bind = spawnSync('mount', ['--bind', src, dir], { encoding: 'utf8' });
  return bind.status === 0 ? undefined : `cannot mount here (tmpfs: ${tmpfs.stderr.trim() || tmpfs.error}; bind: ${bind.stderr.trim() || bind.error})`;
}

const umount = (dir: string) => spawnSync('umount', [dir]);
const canMount = (() => {
  const probe = join(tempDir('ssdp-mount-probe-'), 'm');
  const why = mountAt(probe);
  if (!why) umount(probe);
  return why;
})();

function project(yaml: string): string {
  const dir = tempDir('ssdp-out-mount-');
  writeFileSync(join(dir, 'in.txt'), 'in\n');
  writeFileSync(join(dir, 'ssdp.yaml'), yaml);
  return dir;
}

const asideFolders = (dir: string) => ['replaced', 'failed'].flatMap((k) => (existsSync(join(dir, '.ssdp', k)) ? readdirSync(join(dir, '.ssdp', k)).map((n) => `${k}/${n}`) : []));

test('S1: an output that is a mount point in the project is refused before the step runs, naming it; no stack, no empty aside folders', { skip: canMount }, () => {
  const dir = project('tasks:\n  d:\n    inputs: ["in.txt"]\n    cmd: \'echo hi > data/x.txt\'\n    outputs: ["data"]\n');
  const data = join(dir, 'data');
  assert.equal(mountAt(data), undefined);
  try {
    writeFileSync(join(data, 'mine.txt'), 'mine\n');
    for (let i = 0; i < 2; i++) {
      const r = runCli(['run', 'd'], { cwd: dir });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /E_OUTPUT_MOUNT_POINT/);
      assert.match(r.stderr, /ssdp\.yaml:5:15: output 'data' of task 'd' .*mount point/);
      assert.match(r.stderr, /hint: .*folder inside/);
      assert.doesNotMatch(r.stderr, /EBUSY|task function|\n\s+at /);
      assert.equal(existsSync(join(data, 'x.txt')), false, 'the step did not run');
      assert.equal(readFileSync(join(data, 'mine.txt'), 'utf8'), 'mine\n');
      assert.deepEqual(asideFolders(dir), []);
    }
    const j = runCli(['run', 'd', '--json'], { cwd: dir });
    const err = (JSON.parse(j.stdout) as { error: { code: string; message: string } }).error;
    assert.equal(err.code, 'E_OUTPUT_MOUNT_POINT');
    assert.doesNotMatch(err.message, /\n\s+at /);
    // a folder inside the volume as the output works
    writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  d:\n    inputs: ["in.txt"]\n    cmd: \'mkdir -p data/run; echo hi > data/run/x.txt\'\n    outputs: ["data/run"]\n');
    const ok = runCli(['run', 'd'], { cwd: dir });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(readFileSync(join(data, 'run', 'x.txt'), 'utf8'), 'hi\n');
  } finally {
    umount(data);
  }
});

test('S1: an outside data folder that is a mount point (--param data=/mnt/point) is refused the same way', { skip: canMount }, () => {
  const dir = project('params: { data: d }\ntasks:\n  d:\n    inputs: ["in.txt"]\n    cmd: \'echo hi > ${data}/x.txt\'\n    outputs: ["${data}"]\n');
  const mnt = join(tempDir('ssdp-out-mount-ext-'), 'point');
  assert.equal(mountAt(mnt), undefined);
  try {
    writeFileSync(join(mnt, 'mine.txt'), 'mine\n');
    const r = runCli(['run', 'd', '--param', `data=${mnt}`], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_OUTPUT_MOUNT_POINT/);
    assert.ok(r.stderr.includes(mnt), r.stderr);
    assert.doesNotMatch(r.stderr, /EBUSY|\n\s+at /);
    assert.equal(existsSync(join(mnt, 'x.txt')), false);
    assert.equal(existsSync(join(mnt, '..', '.ssdp-replaced')) && readdirSync(join(mnt, '..', '.ssdp-replaced')).length > 0, false);
  } finally {
    umount(mnt);
  }
});

test('S1: moving aside a mount point (a volume mounted while the step ran) is a coded error and leaves no empty folder', { skip: canMount }, () => {
  const dir = project('tasks: {}\n');
  const data = join(dir, 'data');
  assert.equal(mountAt(data), undefined);
  try {
    writeFileSync(join(data, 'mine.txt'), 'mine\n');
    for (const kind of ['failed', 'replaced'] as const) {
      assert.throws(() => moveAside(dir, 'd', kind, [data]), (e: { code?: string; message: string }) => {
        assert.equal(e.code, 'E_OUTPUT_MOUNT_POINT');
        assert.match(e.message, /data.*mount point/);
        return true;
      });
      assert.deepEqual(asideFolders(dir), []);
      assert.equal(readFileSync(join(data, 'mine.txt'), 'utf8'), 'mine\n');
    }
  } finally {
    umount(data);
  }
});

/** Bind-mounts a file holding `text` at `file` (docker -v /host/res.txt:/project/res.txt); why not, when it cannot. */
function mountFileAt(file: string, text: string): string | undefined {
  const src = `${file}-src`;
  writeFileSync(src, text);
  writeFileSync(file, '');
  const bind = spawnSync('mount', ['--bind', src, file], { encoding: 'utf8' });
  return bind.status === 0 ? undefined : `cannot bind-mount a file here: ${bind.stderr.trim() || bind.error}`;
}

test('W3: an output that is a bind-mounted FILE is refused before the step runs as a mounted folder is; the file is untouched; moving it aside later is the same coded error', { skip: canMount }, () => {
  const dir = project('tasks:\n  d:\n    inputs: ["in.txt"]\n    cmd: \'echo hi > res.txt\'\n    outputs: ["res.txt"]\n');
  const res = join(dir, 'res.txt');
  const why = mountFileAt(res, 'mine\n');
  if (why) return void console.log(`# skipped: ${why}`);
  try {
    for (let i = 0; i < 2; i++) {
      const r = runCli(['run', 'd'], { cwd: dir });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /E_OUTPUT_MOUNT_POINT/);
      assert.match(r.stderr, /ssdp\.yaml:5:15: output 'res\.txt' of task 'd' .*a mounted file/);
      assert.match(r.stderr, /hint: .*another file/);
      assert.doesNotMatch(r.stderr, /EBUSY|task function|\n\s+at /);
      assert.equal(readFileSync(res, 'utf8'), 'mine\n', 'the step did not run');
      assert.deepEqual(asideFolders(dir), []);
    }
    for (const kind of ['failed', 'replaced'] as const) {
      assert.throws(() => moveAside(dir, 'd', kind, [res]), (e: { code?: string; message: string }) => {
        assert.equal(e.code, 'E_OUTPUT_MOUNT_POINT');
        assert.match(e.message, /res\.txt.*mount/);
        return true;
      });
      assert.deepEqual(asideFolders(dir), []);
      assert.equal(readFileSync(res, 'utf8'), 'mine\n');
    }
  } finally {
    umount(res);
  }
});

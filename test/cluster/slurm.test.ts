/**
 * Workers on a real single-node Slurm (test/helpers/slurm.ts). The worker command here is a small
 * shell script that proves it reached the broker (redis-cli PING with the URL it was given) and
 * then waits, so these tests check the launcher itself: submit, scale, list, cancel, clean up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BROKER_ARG, hostAddress, listSlurmWorkers, runCluster, slurm, startCluster, withCluster } from '../../src/cluster/index.js';
import { parseWorkflow } from '../../src/workflow/spec.js';
import { tempDir, until } from '../helpers/cli.js';
import { alive, killWaitMs, running, slurmSkip, SQUEUE_EVERY_MS, squeue, useLocalSlurm } from '../helpers/slurm.js';

useLocalSlurm();
const skip = slurmSkip;

/** A stand-in worker: writes its pid and what the broker answered, then waits to be stopped. */
function placeholder(dir: string): string[] {
  const script = 'echo $$ > "$2/$SLURM_ARRAY_JOB_ID-$SLURM_ARRAY_TASK_ID.pid"; redis-cli -u "$1" --no-auth-warning ping > "$2/$SLURM_ARRAY_JOB_ID-$SLURM_ARRAY_TASK_ID.ping"; exec sleep 600';
  return ['/bin/sh', '-c', script, 'sh', BROKER_ARG, dir];
}

const files = (dir: string, ext: string) => readdirSync(dir).filter((f) => f.endsWith(ext));
const pids = (dir: string) => files(dir, '.pid').map((f) => Number(readFileSync(join(dir, f), 'utf8')));

test('workers start as one sbatch array, reach the private broker, scale up and down, and are all cancelled at close', { skip }, async () => {
  const dir = tempDir('ssdp-slurm-w-');
  const jobName = 'ssdp-t-scale';
  const c = await startCluster(slurm({ workers: 2, cpus: 1, memory: '100M', walltime: '10:00', partition: 'debug', jobName }), { command: placeholder(dir), logDir: join(dir, 'logs') });
  try {
    assert.equal(c.slurm.arrays.length, 1, 'one array job');
    assert.equal(c.redis?.host, hostAddress(), 'the broker listens on the address the nodes reach');
    assert.equal(c.broker, c.redis?.url);
    await until(() => files(dir, '.ping').length === 2 && files(dir, '.ping').every((f) => readFileSync(join(dir, f), 'utf8').trim() === 'PONG'), 'both workers to reach the broker');
    const [array] = c.slurm.arrays;
    const listed = await listSlurmWorkers();
    assert.deepEqual(listed.map((w) => [w.jobId, w.arrayJobId, w.taskId, w.state]).sort(), [
      [`${array}_0`, array, 0, 'RUNNING'],
      [`${array}_1`, array, 1, 'RUNNING'],
    ]);
    const job = spawnSync('scontrol', ['show', 'job', `${array}_0`], { encoding: 'utf8' }).stdout;
    assert.match(job, /TimeLimit=00:10:00/);
    assert.match(job, /Partition=debug/);
    assert.match(job, /MinMemoryNode=100M/);
    assert.match(job, /NumCPUs=1\b/);
    assert.ok(!job.includes(c.redis!.password), 'the password is not in the job record');
    assert.ok(existsSync(join(dir, 'logs')), 'worker logs go to the log folder');

    await c.slurm.scale(3);
    assert.equal(c.slurm.arrays.length, 2, 'scaling up submits another array');
    // The node has as many CPUs as this machine (2 here): a third worker may wait in the queue.
    let live = await c.slurm.liveWorkers();
    assert.equal(live.length, 3);
    assert.deepEqual(live.map((w) => w.jobId).sort(), [`${array}_0`, `${array}_1`, `${c.slurm.arrays[1]}_0`].sort());
    await c.slurm.scale(1);
    live = await c.slurm.liveWorkers();
    assert.equal(live.length, 1);
    // scaling down cancels the waiting or newest workers first
    assert.deepEqual(live.map((w) => w.jobId), [`${array}_0`]);
    const started = pids(dir);
    await c.close();
    assert.deepEqual(squeue(jobName), [], 'nothing of ours is left in squeue');
    for (const pid of started) assert.equal(alive(pid), false, `worker ${pid} is gone`);
    assert.equal(alive(c.redis!.pid), false, 'the private redis-server is stopped');
    live = await c.slurm.liveWorkers();
    assert.deepEqual(live, []);
  } finally {
    await c.close();
  }
});

test('workers that all end (here: fail at start) fail the run with a clear error naming each job and its state instead of a hang', { skip }, async () => {
  const dir = tempDir('ssdp-slurm-gone-');
  const jobName = 'ssdp-t-gone';
  await assert.rejects(
    withCluster(slurm({ workers: 2, jobName }), { command: ['/bin/sh', '-c', 'exit 3'], logDir: dir, pollMs: 300 }, () => new Promise(() => {})),
    (e: Error & { code?: string; hint?: string }) => {
      assert.equal(e.code, 'E_SLURM_WORKERS_GONE');
      // each job by its id, with how Slurm says it ended
      assert.match(e.message, /\d+_0 FAILED \(NonZeroExitCode\), \d+_1 FAILED \(NonZeroExitCode\)/);
      assert.ok(e.hint?.includes(dir), e.hint);
      return true;
    },
  );
  assert.deepEqual(squeue(jobName), []);
});

test('workers that drain as soon as they start (here: exit 0 at once, as a drained worker ends) are replaced a bounded number of times, with a warning, then the run fails instead of looping', { skip }, async () => {
  const dir = tempDir('ssdp-slurm-loop-');
  const jobName = 'ssdp-t-loop';
  const notices: string[] = [];
  const replacements = () => notices.filter((m) => /submitted a replacement/.test(m)).length;
  // before the guard the run never ended: the 4th replacement fails the test instead of a hang
  const looped = new Promise<never>((_, reject) => {
    const t = setInterval(() => replacements() > 3 && (clearInterval(t), reject(new Error(`replaced for ever: ${notices.join('; ')}`))), 200);
    t.unref();
  });
  await assert.rejects(
    Promise.race([withCluster(slurm({ workers: 1, jobName }), { command: ['true'], logDir: dir, pollMs: 300, onNotice: (m) => notices.push(m) }, () => new Promise(() => {})), looped]),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, 'E_SLURM_WORKERS_GONE');
      assert.match(e.message, /drained about as soon as they started: ssdp replaced 3 drained workers in 120 s and replaces no more/);
      return true;
    },
  );
  // 3 replacements for 1 worker, then the warning (before the guard it submitted one after another for ever)
  assert.equal(replacements(), 3, notices.join('\n'));
  assert.equal(notices.filter((m) => /drain about as soon as they start/.test(m)).length, 1, notices.join('\n'));
  assert.deepEqual(squeue(jobName), []);
});

test('settings sbatch rejects: its reason as a clear error, nothing left running', { skip }, async () => {
  const dir = tempDir('ssdp-slurm-bad-');
  await assert.rejects(startCluster(slurm({ workers: 1, partition: 'nosuchpart', jobName: 'ssdp-t-bad' }), { command: ['true'], logDir: dir }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'E_SLURM');
    assert.match(e.message, /sbatch .*partition/i);
    return true;
  });
  assert.deepEqual(squeue('ssdp-t-bad'), []);
  // the hint names where the refused setting came from: ssdp.yaml (its file), or the environment (try11u C9)
  const fromYaml = runCluster({ cluster: 'slurm', workers: 1 }, { slurm: { partition: 'nosuchpart', jobName: 'ssdp-t-bad' } }, '/p/ssdp.yaml')!;
  await assert.rejects(startCluster(fromYaml, { command: ['true'], logDir: dir }), (e: Error & { code?: string; hint?: string }) => {
    assert.equal(e.code, 'E_SLURM');
    assert.match(e.hint!, /partition "nosuchpart" \(from ssdp.yaml's cluster: slurm: in \/p\/ssdp.yaml\)/);
    return true;
  });
  process.env.SBATCH_PARTITION = 'nosuchpart2';
  try {
    await assert.rejects(startCluster(slurm({ workers: 1, jobName: 'ssdp-t-bad' }), { command: ['true'], logDir: dir }), (e: Error & { code?: string; hint?: string }) => {
      assert.equal(e.code, 'E_SLURM');
      assert.match(e.hint!, /partition from the environment \(SBATCH_PARTITION=nosuchpart2\)/);
      assert.doesNotMatch(e.hint!, /ssdp.yaml/);
      return true;
    });
  } finally {
    delete process.env.SBATCH_PARTITION;
  }
  assert.deepEqual(squeue('ssdp-t-bad'), []);
});

test("a SLURM_CONF naming no file, or no slurm.conf at Slurm's default path: E_SLURM_CONFIG naming where the path came from, at once (sbatch retried for 60 s in silence: try11u C9)", { skip }, async () => {
  const { SLURM_CONF } = process.env;
  try {
    process.env.SLURM_CONF = '/nonexistent/slurm.conf';
    await assert.rejects(startCluster(slurm({ workers: 1, jobName: 'ssdp-t-conf' }), { command: ['true'] }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'E_SLURM_CONFIG', e.message);
      assert.match(e.message, /SLURM_CONF=\/nonexistent\/slurm.conf, set in the environment/);
      return true;
    });
    // unset: Slurm's commands look at their built-in path, and retry a missing file for 60 s
    delete process.env.SLURM_CONF;
    const c = await startCluster(slurm({ workers: 1, jobName: 'ssdp-t-conf' }), { command: ['true'], logDir: tempDir('ssdp-slurm-conf-') }).then(
      (c) => c,
      (e: Error & { code?: string }) => {
        // a machine whose default slurm.conf exists fails otherwise (no controller of its own): not this case
        if (e.code !== 'E_SLURM_CONFIG') return undefined;
        assert.match(e.message, /Slurm's built-in default path \(SLURM_CONF is not set\)/);
        return undefined;
      },
    );
    await c?.close();
  } finally {
    process.env.SLURM_CONF = SLURM_CONF;
  }
});

test('sbatch that times out (a stopped slurmctld) may still queue its array: the error says so, and the jobs it queued are cancelled once the controller answers (try11u C9)', { skip }, async () => {
  const dir = tempDir('ssdp-slurm-late-');
  const jobName = 'ssdp-t-late';
  const conf = process.env.SLURM_CONF!;
  const ctld = Number(readFileSync(join(dirname(conf), 'slurmctld.pid'), 'utf8'));
  // The commands (sbatch, squeue, the background check) read a copy of slurm.conf whose
  // MessageTimeout is 2 s instead of Slurm's 10: they time out the same way, sooner (the daemons
  // keep the original). The check started in the background keeps this SLURM_CONF.
  const quick = join(dir, 'slurm.conf');
  writeFileSync(quick, `${readFileSync(conf, 'utf8')}\nMessageTimeout=2\n`);
  process.env.SLURM_CONF = quick;
  process.kill(ctld, 'SIGSTOP');
  let e: (Error & { code?: string }) | undefined;
  try {
    await startCluster(slurm({ workers: 2, jobName }), { command: ['sleep', '600'], logDir: dir }).then((c) => c.close(), (err) => (e = err));
  } finally {
    process.kill(ctld, 'SIGCONT');
    process.env.SLURM_CONF = conf;
  }
  assert.equal(e?.code, 'E_SLURM', e?.message);
  assert.match(e!.message, /Socket timed out|Unable to contact/);
  // either squeue answered in time (cancelled at once), or a background check waits for the controller
  const check = /log (\S+\.check\.log)\)/.exec(e!.message)?.[1];
  if (check) {
    assert.match(e!.message, /may still queue this submission: a check in the background cancels any job with comment ssdp-\w+-0/);
    await until(() => existsSync(check) && /^done/m.test(readFileSync(check, 'utf8')), 'the background check to finish', SQUEUE_EVERY_MS);
  }
  assert.deepEqual(squeue(jobName).filter((l) => /PENDING|RUNNING/.test(l)), [], 'no worker of the failed submission is left waiting or running');
});

test('no Slurm on PATH: a clear error before anything starts', async () => {
  const { PATH } = process.env;
  process.env.PATH = tempDir('ssdp-nobin-');
  try {
    await assert.rejects(startCluster(slurm({ workers: 1 }), { command: ['true'] }), (e: Error & { code?: string; hint?: string }) => {
      assert.equal(e.code, 'E_NO_SLURM');
      assert.match(e.message, /sbatch/);
      return true;
    });
  } finally {
    process.env.PATH = PATH;
  }
});

test('unknown or malformed Slurm settings: did-you-mean, before anything is submitted', () => {
  assert.throws(() => slurm({ wokers: 2 } as never), (e: Error & { code?: string }) => e.code === 'E_CLUSTER_OPTION' && /did you mean 'workers'/.test(e.message));
  assert.throws(() => slurm({ memory: '4 GB' }), (e: Error & { code?: string }) => e.code === 'E_CLUSTER_OPTION' && /memory/.test(e.message));
  assert.throws(() => slurm({ walltime: 'one hour' }), { code: 'E_CLUSTER_OPTION' });
  assert.throws(() => slurm({ workers: 1.5 }), { code: 'E_CLUSTER_OPTION' });
});

const SUBMITTER = (dir: string) => `
import { slurm, startCluster, BROKER_ARG } from ${JSON.stringify(new URL('../../src/cluster/index.js', import.meta.url).href)};
const script = ${JSON.stringify(placeholder(dir)[2])};
const c = await startCluster(slurm({ workers: 2, jobName: 'ssdp-t-sigint' }), { command: ['/bin/sh', '-c', script, 'sh', BROKER_ARG, ${JSON.stringify(dir)}], logDir: ${JSON.stringify(dir)} });
console.log(JSON.stringify({ redis: c.redis.pid, arrays: c.slurm.arrays }));
setInterval(() => {}, 1000);
`;

test('Ctrl-C of the submitter: no job left in squeue, no worker process, no redis-server', { skip }, async () => {
  const dir = tempDir('ssdp-slurm-int-');
  writeFileSync(join(dir, 'submit.mjs'), SUBMITTER(dir));
  const child = spawn(process.execPath, [join(dir, 'submit.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, s) => r(s)));
  await until(() => out.endsWith('\n'), 'the submitter to start its cluster');
  const { redis } = JSON.parse(out) as { redis: number };
  await until(() => files(dir, '.ping').length === 2, 'both workers to run');
  const workerPids = pids(dir);
  assert.equal(squeue('ssdp-t-sigint').length, 2);
  child.kill('SIGINT');
  assert.equal(await exited, 'SIGINT');
  assert.deepEqual(squeue('ssdp-t-sigint'), [], 'squeue is empty');
  for (const pid of workerPids) assert.equal(alive(pid), false, `worker ${pid} is gone`);
  assert.equal(alive(redis), false, 'redis-server is gone');
});

test('a worker that ignores SIGTERM: close() kills its job after 3 s instead of waiting for Slurm\'s KillWait', { skip }, async (t) => {
  const dir = tempDir('ssdp-slurm-stuck-');
  const jobName = 'ssdp-t-stuck';
  // ignores TERM (and so do the sleeps it starts: an ignored signal stays ignored across exec)
  const script = 'trap "" TERM; echo $$ > "$1/$SLURM_ARRAY_JOB_ID-$SLURM_ARRAY_TASK_ID.pid"; while :; do sleep 0.2; done';
  const c = await startCluster(slurm({ workers: 2, jobName }), { command: ['/bin/sh', '-c', script, 'sh', dir], logDir: dir });
  try {
    await until(() => files(dir, '.pid').length === 2, 'both workers to run');
    const started = pids(dir);
    const killWait = killWaitMs();
    const t0 = Date.now();
    await c.close();
    const took = Date.now() - t0;
    t.diagnostic(`close() took ${(took / 1000).toFixed(1)} s (Slurm's KillWait: ${killWait / 1000} s)`);
    assert.deepEqual(squeue(jobName), [], 'nothing of ours is left in squeue');
    // running(), not alive(): the batch shell is killed first and takes its worker with it
    // (setpriv --pdeathsig), an orphan then that init reaps a little later (a zombie until then)
    for (const pid of started) assert.equal(running(pid), false, `worker ${pid} is gone`);
    // without the escalation Slurm kills them only after KillWait; the margin is that whole wait
    assert.ok(took < killWait, `close() took ${took} ms, not less than KillWait (${killWait} ms): the jobs were left to Slurm`);
  } finally {
    await c.close();
  }
});

test("workers beyond the cluster's MaxArraySize: E_SLURM whose hint names the setting, where it came from (its ssdp.yaml line, or --workers) and the cluster's limit (try11t T5)", { skip }, async () => {
  const dir = tempDir('ssdp-slurm-array-');
  const most = /^MaxArraySize\s*=\s*(\d+)/m.exec(spawnSync('scontrol', ['show', 'config'], { encoding: 'utf8' }).stdout)?.[1];
  assert.ok(most, 'scontrol show config names MaxArraySize');
  const file = join(dir, 'ssdp.yaml');
  const spec = parseWorkflow(`cluster:\n  slurm:\n    jobName: ssdp-t-array\n    workers: 100000\ntasks:\n  t: { cmd: "true" }\n`, file);
  const cases: [string, ReturnType<typeof runCluster>, RegExp][] = [
    ['ssdp.yaml', runCluster({ cluster: 'slurm' }, spec.cluster, file), new RegExp(`workers 100000 \\(from ssdp.yaml's cluster: slurm: at ${file.replace(/[.]/g, '\\.')}:4:5\\)`)],
    ['--workers', runCluster({ cluster: 'slurm', workers: 5000 }, spec.cluster, file), /workers 5000 \(from --workers\)/],
  ];
  for (const [from, spec, names] of cases) {
    await assert.rejects(startCluster(spec!, { command: ['true'], logDir: dir }), (e: Error & { code?: string; hint?: string }) => {
      assert.equal(e.code, 'E_SLURM', from);
      assert.match(e.message, /Invalid job array specification/, from);
      assert.match(e.hint!, names, from);
      assert.match(e.hint!, new RegExp(`MaxArraySize is ${most} \\(scontrol show config\\), so at most ${most} workers`), from);
      return true;
    });
  }
  assert.deepEqual(squeue('ssdp-t-array'), []);
});

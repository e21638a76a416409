import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkflow } from '../../src/workflow/spec.js';
import { checkEnvironmentWalltime, drainRisk } from '../../src/cluster/slurm-options.js';

const TASKS = 'tasks:\n  hello: echo hi\n';

test('ssdp.yaml cluster: slurm: settings are read with their types', () => {
  const spec = parseWorkflow(`cluster:\n  slurm:\n    workers: 4\n    cpus: 2\n    memory: 4G\n    walltime: "1:30:00"\n    partition: main\n    account: proj7\n${TASKS}`, '/p/ssdp.yaml');
  assert.deepEqual(spec.cluster, {
    slurm: { workers: 4, cpus: 2, memory: '4G', walltime: '1:30:00', partition: 'main', account: 'proj7' },
    // where each setting was written, for errors that come later (Slurm's own refusals, try11t T5)
    at: { workers: '/p/ssdp.yaml:3:5', cpus: '/p/ssdp.yaml:4:5', memory: '/p/ssdp.yaml:5:5', walltime: '/p/ssdp.yaml:6:5', partition: '/p/ssdp.yaml:7:5', account: '/p/ssdp.yaml:8:5' },
  });
});

test('ssdp.yaml cluster settings: a misspelt key gets did-you-mean at its line', () => {
  assert.throws(
    () => parseWorkflow(`cluster:\n  slurm:\n    workers: 2\n    walltme: "10:00"\n${TASKS}`, '/p/ssdp.yaml'),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, 'E_BAD_SPEC');
      assert.match(e.message, /^\/p\/ssdp\.yaml:4:5: unknown Slurm setting 'walltme' \(did you mean 'walltime'\?\)/);
      return true;
    },
  );
  assert.throws(() => parseWorkflow(`cluster:\n  slurn: {}\n${TASKS}`, '/p/ssdp.yaml'), /ssdp\.yaml:2:3: 'cluster' has an unknown key 'slurn'/);
  assert.throws(() => parseWorkflow(`clustr:\n  slurm: {}\n${TASKS}`, '/p/ssdp.yaml'), (e: Error & { hint?: string }) => /Did you mean 'cluster'/.test(e.hint ?? ''));
});

test('ssdp.yaml cluster settings: a wrong value names the key, the line and what is expected', () => {
  assert.throws(() => parseWorkflow(`cluster:\n  slurm:\n    memory: lots\n${TASKS}`, '/p/ssdp.yaml'), /ssdp\.yaml:3:13: Slurm setting memory is "lots"; expected a size such as 4G/);
  assert.throws(() => parseWorkflow(`cluster:\n  slurm:\n    workers: two\n${TASKS}`, '/p/ssdp.yaml'), /ssdp\.yaml:3:14: Slurm setting workers is "two"; expected a whole number/);
  assert.throws(() => parseWorkflow(`cluster:\n  slurm:\n    cpus: [1, 2]\n${TASKS}`, '/p/ssdp.yaml'), /ssdp\.yaml:3:11: 'cluster.slurm.cpus' must be a single value/);
});

test('ssdp.yaml / slurm(): workers 0 is refused like --workers 0; a walltime at or below drain is refused at its line (try11s S4, S6)', async () => {
  const { slurm } = await import('../../src/cluster/index.js');
  assert.throws(() => parseWorkflow(`cluster:\n  slurm:\n    workers: 0\n${TASKS}`, '/p/ssdp.yaml'), /ssdp\.yaml:3:14: Slurm setting workers is 0; expected a whole number >= 1/);
  assert.throws(() => slurm({ workers: 0 }), { code: 'E_CLUSTER_OPTION', message: /workers is 0; expected a whole number >= 1/ });
  assert.throws(
    () => parseWorkflow(`cluster:\n  slurm:\n    walltime: "1"\n${TASKS}`, '/p/ssdp.yaml'),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, 'E_BAD_SPEC');
      assert.match(e.message, /^\/p\/ssdp\.yaml:3:15: Slurm setting walltime "1" \(60 s\) is not longer than drain \(60 s, the default\)/);
      return true;
    },
  );
  assert.throws(() => parseWorkflow(`cluster:\n  slurm:\n    drain: 200\n    walltime: "3:20"\n${TASKS}`, '/p/ssdp.yaml'), /walltime "3:20" \(200 s\) is not longer than drain \(200 s\)/);
  assert.throws(() => slurm({ walltime: '0-0:01', drain: 60 }), { code: 'E_CLUSTER_OPTION', message: /walltime "0-0:01" \(60 s\)/ });
  // longer than drain: taken, in each of Slurm's forms
  for (const walltime of ['2', '1:01', '1:00:00', '1-0', '0-0:02', '0-0:01:01']) assert.doesNotThrow(() => slurm({ walltime }), walltime);
  assert.deepEqual(parseWorkflow(`cluster:\n  slurm:\n    drain: 10\n    walltime: "1"\n${TASKS}`, '/p/ssdp.yaml').cluster, { slurm: { drain: 10, walltime: '1' }, at: { drain: '/p/ssdp.yaml:3:5', walltime: '/p/ssdp.yaml:4:5' } });
  // the same walltime from sbatch's SBATCH_TIMELIMIT (no walltime given) is refused, naming the variable (try11x R4)
  assert.throws(() => checkEnvironmentWalltime({ workers: 1 }, { SBATCH_TIMELIMIT: '1' }), { code: 'E_CLUSTER_OPTION', message: /^SBATCH_TIMELIMIT=1 in the environment: Slurm setting walltime "1" \(60 s\) is not longer than drain/ });
  for (const [opts, env] of [[{}, { SBATCH_TIMELIMIT: '1:00:00' }], [{ walltime: '5' }, { SBATCH_TIMELIMIT: '1' }], [{ drain: 10 }, { SBATCH_TIMELIMIT: '1' }], [{}, {}]] as const) {
    assert.doesNotThrow(() => checkEnvironmentWalltime(opts, env), JSON.stringify([opts, env]));
  }
});

test('Slurm walltime 0 is no limit (taken); a bare memory number below 100 (Slurm megabytes) is refused as a slip; 4G, 100 and 4000M are taken (tester s13 try11t B12)', async () => {
  const { slurm } = await import('../../src/cluster/index.js');
  assert.deepEqual(parseWorkflow(`cluster:\n  slurm:\n    walltime: 0\n${TASKS}`, '/p/ssdp.yaml').cluster, { slurm: { walltime: '0' }, at: { walltime: '/p/ssdp.yaml:3:5' } });
  assert.doesNotThrow(() => slurm({ walltime: '0' }));
  assert.throws(() => parseWorkflow(`cluster:\n  slurm:\n    memory: 16\n${TASKS}`, '/p/ssdp.yaml'), /ssdp\.yaml:3:13: Slurm setting memory is "16"; expected a size such as 4G or 4000M \(Slurm's --mem; a bare number is megabytes/);
  assert.throws(() => slurm({ memory: '16' }), { code: 'E_CLUSTER_OPTION' });
  for (const memory of ['4G', '100', '4000M', '512k']) assert.doesNotThrow(() => slurm({ memory }), memory);
});

test('run -j with --cluster slurm is refused with what to use instead (try11s S6)', async () => {
  const { runCluster } = await import('../../src/cluster/index.js');
  assert.throws(() => runCluster({ cluster: 'slurm', jobs: 3 }), (e: Error & { code?: string; hint?: string; exitCode?: number }) => {
    assert.equal(e.code, 'E_BAD_ARGS');
    assert.equal(e.exitCode, 2);
    assert.match(e.message, /^-j 3 sets the number of worker processes on this machine; with --cluster slurm/);
    assert.match(e.hint ?? '', /--workers N/);
    return true;
  });
  assert.equal(runCluster({ jobs: 3 }), undefined, '-j alone is a local run');
});

test('a walltime at most 60 s longer than drain is taken with a warning: Slurm may send the drain signal up to 60 s early, as the job launches (session 13 note)', () => {
  // the README's rule was "refused at or below drain" only; between drain and drain + 60 s nothing was said
  assert.match(drainRisk({ walltime: '2' }) ?? '', /walltime "2" \(120 s\) is at most 60 s longer than drain \(60 s, the default\).*up to 60 s early.*over 120 s/);
  assert.match(drainRisk({ walltime: '3:20', drain: 150 }) ?? '', /\(200 s\) is at most 60 s longer than drain \(150 s\)/);
  for (const walltime of ['3', '2:01', '0', '1:00:00']) assert.equal(drainRisk({ walltime }), undefined, walltime);
  assert.equal(drainRisk({ walltime: '1' }), undefined, 'at or below drain: refused by drainProblem, not warned');
  assert.equal(drainRisk({}), undefined);
});

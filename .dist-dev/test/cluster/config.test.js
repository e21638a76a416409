import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkflow } from '../../src/workflow/spec.js';
const TASKS = 'tasks:\n  hello: echo hi\n';
test('ssdp.yaml cluster: slurm: settings are read with their types', () => {
    const spec = parseWorkflow(`cluster:\n  slurm:\n    workers: 4\n    cpus: 2\n    memory: 4G\n    walltime: "1:30:00"\n    partition: main\n    account: proj7\n${TASKS}`, '/p/ssdp.yaml');
    assert.deepEqual(spec.cluster, { slurm: { workers: 4, cpus: 2, memory: '4G', walltime: '1:30:00', partition: 'main', account: 'proj7' } });
});
test('ssdp.yaml cluster settings: a misspelt key gets did-you-mean at its line', () => {
    assert.throws(() => parseWorkflow(`cluster:\n  slurm:\n    workers: 2\n    walltme: "10:00"\n${TASKS}`, '/p/ssdp.yaml'), (e) => {
        assert.equal(e.code, 'E_BAD_SPEC');
        assert.match(e.message, /^\/p\/ssdp\.yaml:4:5: unknown Slurm setting 'walltme' \(did you mean 'walltime'\?\)/);
        return true;
    });
    assert.throws(() => parseWorkflow(`cluster:\n  slurn: {}\n${TASKS}`, '/p/ssdp.yaml'), /ssdp\.yaml:2:3: 'cluster' has an unknown key 'slurn'/);
    assert.throws(() => parseWorkflow(`clustr:\n  slurm: {}\n${TASKS}`, '/p/ssdp.yaml'), (e) => /Did you mean 'cluster'/.test(e.hint ?? ''));
});
test('ssdp.yaml cluster settings: a wrong value names the key, the line and what is expected', () => {
    assert.throws(() => parseWorkflow(`cluster:\n  slurm:\n    memory: lots\n${TASKS}`, '/p/ssdp.yaml'), /ssdp\.yaml:3:13: Slurm setting memory is "lots"; expected a size such as 4G/);
    assert.throws(() => parseWorkflow(`cluster:\n  slurm:\n    workers: two\n${TASKS}`, '/p/ssdp.yaml'), /ssdp\.yaml:3:14: Slurm setting workers is "two"; expected a whole number/);
    assert.throws(() => parseWorkflow(`cluster:\n  slurm:\n    cpus: [1, 2]\n${TASKS}`, '/p/ssdp.yaml'), /ssdp\.yaml:3:11: 'cluster.slurm.cpus' must be a single value/);
});
//# sourceMappingURL=config.test.js.map
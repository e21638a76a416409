import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { substituteCmd } from '../../src/workflow/cmd-template.js';
import { runCli, tempDir } from '../helpers/cli.js';
const NASTY = ['data/2020-11-01.zip', '-rf', 'a=b', '$(touch pwned)', 'My Data', "it's", '"dq"', '`touch pwned`', 'back\\slash', '$HOME', '*', '', 'two\nlines', "'; touch pwned; '", '"; touch pwned; "', '${x}'];
const fail = (name) => assert.fail(`unknown ${name}`);
/** What sh makes of the command: printf prints each argument between < and >. */
function shWords(cmd, cwd) {
    const r = spawnSync('/bin/sh', ['-c', cmd], { cwd, encoding: 'utf8' });
    assert.equal(r.status, 0, `${cmd}\n${r.stderr}`);
    return r.stdout;
}
test('a value filled into cmd is one shell word, exactly itself, in every quoting context', () => {
    const dir = tempDir('ssdp-q-');
    const contexts = [
        ["printf '<%s>' ${v}", (v) => `<${v}>`],
        ["printf '<%s>' '${v}'", (v) => `<${v}>`],
        ['printf \'<%s>\' "${v}"', (v) => `<${v}>`],
        ['printf \'<%s>\' "pre-${v}-post"', (v) => `<pre-${v}-post>`],
        ['printf \'<%s>\' "$(printf %s ${v})"', (v) => `<${v.replace(/\n+$/, '')}>`],
    ];
    for (const value of NASTY) {
        for (const [template, expected] of contexts) {
            const cmd = substituteCmd(template, { v: value }, 'test', fail);
            assert.equal(shWords(cmd, dir), expected(value), `${JSON.stringify(value)} in ${template} -> ${cmd}`);
        }
    }
    assert.equal(existsSync(join(dir, 'pwned')), false, 'no value ran as a command');
});
test('${name:raw} splices the value as shell text, for the rare value meant as several words', () => {
    const dir = tempDir('ssdp-q-');
    const cmd = substituteCmd("printf '<%s>' ${flags:raw} ${flags}", { flags: '-a -b' }, 'test', fail);
    assert.equal(shWords(cmd, dir), '<-a><-b><-a -b>');
});
test('ssdp run: a --param value cannot run commands, and a folder with a space stays one argument', () => {
    const dir = tempDir('ssdp-q-');
    writeFileSync(join(dir, 'ssdp.yaml'), [
        'params: { name: "x", data: "My Data" }',
        'tasks:',
        '  show:',
        '    cmd: "mkdir -p ${data} && printf \'<%s>\' ${name} > ${data}/name.txt && echo \\"${name}\\" > quoted.txt"',
        '    outputs: ["${data}/name.txt"]',
        '',
    ].join('\n'));
    const r = runCli(['run', 'show', '--param', 'name=$(touch pwned) `touch pwned`'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(existsSync(join(dir, 'pwned')), false, 'the value did not run');
    assert.equal(readFileSync(join(dir, 'My Data', 'name.txt'), 'utf8'), '<$(touch pwned) `touch pwned`>');
    assert.equal(readFileSync(join(dir, 'quoted.txt'), 'utf8'), '$(touch pwned) `touch pwned`\n', 'inside the file\'s own "..." the value gains no extra quotes');
    assert.equal(existsSync(join(dir, 'My')), false, 'My Data was not split in two');
});
//# sourceMappingURL=cmd-quoting.test.js.map
/**
 * Scripted sessions in bash, zsh and dash: the hook from the compiled CLI, real env prefixes,
 * and the shell's own view of PATH, variables and PS1 before, during and after activation.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, hasShell, runShell, sandbox, showPosix, writeEnv } from './session.js';
const SHELLS = [
    { bin: 'bash', hook: 'bash', own: 'b.bash' },
    { bin: 'zsh', hook: 'zsh', own: 'c.zsh' },
    { bin: 'dash', hook: 'sh', own: undefined },
];
const VARS = ['PATH', 'PS1', 'KEEP', 'NEWV', 'SSDP_PREFIX', 'SSDP_DEFAULT_ENV', 'SSDP_SHLVL', '_SSDP_STATE_1'];
const TRICKY = `it's "quoted" $(touch pwned) \`touch pwned2\` \\back\nsecond line`;
function pick(seen, tag) {
    const out = {};
    for (const [k, v] of Object.entries(seen))
        if (k.startsWith(tag + '.'))
            out[k.slice(tag.length + 1)] = v;
    return out;
}
for (const sh of SHELLS) {
    describe(`${sh.bin} activation`, { skip: !hasShell(sh.bin) && `${sh.bin} is not installed` }, () => {
        const setup = () => {
            const sb = sandbox();
            // The root is reached through a symlink: SSDP_PREFIX must still be the realpath.
            mkdirSync(sb.root, { recursive: true });
            symlinkSync(sb.root, join(sb.home, 'rootlink'));
            sb.env.SSDP_ROOT = join(sb.home, 'rootlink');
            return { sb, hook: sb.hook(sh.hook) };
        };
        test('activate then deactivate: PATH, variables, prompt and scripts, undone exactly', () => {
            const { sb, hook } = setup();
            const log = (what) => `ACT_LOG="\${ACT_LOG-}${what}:\${SSDP_DEFAULT_ENV-none} "\n`;
            const prefix = sb.named({
                name: 'radar',
                variables: { KEEP: 'env value', NEWV: TRICKY },
                activate: { 'a.sh': log('a.sh'), 'b.bash': log('b.bash'), 'c.zsh': log('c.zsh'), 'd.fish': 'set -g ACT_LOG fish' },
                deactivate: { 'x.sh': log('x.sh'), 'y.bash': log('y.bash'), 'z.zsh': log('z.zsh') },
            });
            const r = runShell(sh.bin, `. '${hook}'
export KEEP='before value'
PS1='P> '
${showPosix('before', VARS)}
ssdp activate radar || echo @FAIL=activate
${showPosix('on', VARS)}
printf '@NODE=%s\\n' "$(node)"
printf '@LOG1=%s\\n' "$ACT_LOG"
ssdp deactivate || echo @FAIL=deactivate
printf '@LOG2=%s\\n' "$ACT_LOG"
${showPosix('after', VARS)}`, sb);
            assert.equal(r.status, 0, r.stderr);
            assert.equal(r.seen.FAIL, undefined, r.stderr);
            const real = realpathSync(prefix);
            assert.equal(real, join(sb.root, 'envs', 'radar'));
            const on = pick(r.seen, 'on');
            assert.equal(on.PATH, `${real}/bin:${sb.basePath}`);
            assert.equal(on.SSDP_PREFIX, real);
            assert.equal(on.SSDP_DEFAULT_ENV, 'radar');
            assert.equal(on.SSDP_SHLVL, '1');
            assert.equal(on.KEEP, 'env value');
            assert.equal(on.NEWV, TRICKY.replace(/\n/g, '~'));
            assert.equal(on.PS1, '(radar) P> ');
            assert.equal(r.seen.NODE, 'node-of-radar');
            const own = sh.own ? `${sh.own}:radar ` : '';
            assert.equal(r.seen.LOG1, `a.sh:radar ${own}`);
            const ownD = sh.own ? `${sh.own.replace(/^[bc]/, (c) => (c === 'b' ? 'y' : 'z'))}:radar ` : '';
            assert.equal(r.seen.LOG2, `a.sh:radar ${own}${ownD}x.sh:radar `, 'deactivate.d runs in reverse order while the env is still active');
            const before = pick(r.seen, 'before');
            assert.equal(before.NEWV, '<unset>');
            assert.deepEqual(pick(r.seen, 'after'), before);
            assert.ok(!existsSync(join(sb.home, 'pwned')) && !existsSync(join(sb.home, 'pwned2')), 'a value was executed');
        });
        test('another env replaces the active one; --stack keeps it and deactivate returns to it', () => {
            const { sb, hook } = setup();
            sb.named({ name: 'a', variables: { AV: '1', SHARED: 'from-a' } });
            sb.named({ name: 'b', variables: { BV: '2', SHARED: 'from-b' } });
            const v = ['PATH', 'PS1', 'AV', 'BV', 'SHARED', 'SSDP_SHLVL', 'SSDP_DEFAULT_ENV', '_SSDP_STATE_2'];
            const r = runShell(sh.bin, `. '${hook}'
PS1='P> '
${showPosix('start', v)}
ssdp activate a && ${showPosix('a', v).replace(/\n/g, '\n')}
ssdp activate b && printf '@NODE1=%s\\n' "$(node)"
${showPosix('replaced', v)}
ssdp deactivate
${showPosix('none', v)}
ssdp activate a && ssdp activate --stack b
printf '@NODE2=%s\\n' "$(node)"
${showPosix('stacked', v)}
ssdp deactivate
${showPosix('back', v)}
ssdp deactivate
${showPosix('end', v)}`, sb);
            assert.equal(r.status, 0, r.stderr);
            const [binA, binB] = ['a', 'b'].map((n) => `${sb.root}/envs/${n}/bin`);
            const start = pick(r.seen, 'start');
            const replaced = pick(r.seen, 'replaced');
            assert.equal(r.seen.NODE1, 'node-of-b');
            assert.equal(replaced.PATH, `${binB}:${sb.basePath}`);
            assert.equal(replaced.PS1, '(b) P> ');
            assert.equal(replaced.AV, '<unset>');
            assert.equal(replaced.SHARED, 'from-b');
            assert.equal(replaced.SSDP_SHLVL, '1');
            assert.deepEqual(pick(r.seen, 'none'), start, 'deactivating a replacement goes back to no env');
            const stacked = pick(r.seen, 'stacked');
            assert.equal(r.seen.NODE2, 'node-of-b');
            assert.equal(stacked.PATH, `${binB}:${binA}:${sb.basePath}`);
            assert.equal(stacked.PS1, '(b) P> ');
            assert.deepEqual([stacked.AV, stacked.BV, stacked.SHARED, stacked.SSDP_SHLVL, stacked.SSDP_DEFAULT_ENV], ['1', '2', 'from-b', '2', 'b']);
            assert.deepEqual(pick(r.seen, 'back'), pick(r.seen, 'a'), 'deactivating the stacked env returns to the outer one exactly');
            assert.deepEqual(pick(r.seen, 'end'), start);
        });
        test('errors print why and leave the shell untouched', () => {
            const { sb, hook } = setup();
            sb.named({ name: 'good', variables: { KEEP: 'good' } });
            const bad = join(sb.root, 'envs', 'broken');
            writeEnv(bad, { name: 'broken' });
            writeFileSync(join(bad, 'ssdp-meta', 'env.json'), '{"name": "broken", "variables": ');
            const reserved = sb.named({ name: 'reserved', variables: { PATH: '/evil' } });
            const plain = join(sb.home, 'not-an-env');
            mkdirSync(plain);
            const v = ['PATH', 'PS1', 'KEEP', 'SSDP_PREFIX', 'SSDP_SHLVL'];
            const attempt = (tag, cmd) => `${cmd}\nprintf '@${tag}.status=%s\\n' "$?"\n${showPosix(tag, v)}`;
            const r = runShell(sh.bin, `. '${hook}'
PS1='P> '
${showPosix('start', v)}
${attempt('missing', 'ssdp activate nosuch')}
${attempt('corrupt', 'ssdp activate broken')}
${attempt('plain', `ssdp activate '${plain}'`)}
${attempt('reserved', `ssdp activate -p '${reserved}'`)}
${attempt('nothing', 'ssdp deactivate')}
${attempt('usage', 'ssdp activate')}
ssdp activate good
${showPosix('good', v)}
${attempt('missing2', 'ssdp activate nosuch')}`, sb);
            const start = pick(r.seen, 'start');
            for (const tag of ['missing', 'corrupt', 'plain', 'reserved', 'nothing', 'usage']) {
                const seen = pick(r.seen, tag);
                assert.notEqual(seen.status, '0', `${tag} should fail`);
                delete seen.status;
                assert.deepEqual(seen, start, `${tag} changed the shell`);
            }
            const missing2 = pick(r.seen, 'missing2');
            assert.notEqual(missing2.status, '0');
            delete missing2.status;
            assert.deepEqual(missing2, pick(r.seen, 'good'), 'a failed activation left the active env alone');
            for (const code of ['E_ENV_NOT_FOUND', 'E_ENV_CORRUPT', 'E_SHELL_RESERVED_VARIABLE', 'E_SHELL_NOT_ACTIVE', 'E_BAD_ARGS']) {
                assert.match(r.stderr, new RegExp(code));
            }
            assert.match(r.stderr, /broken.*env\.json is damaged/);
        });
        test('a prefix with spaces and shell metacharacters activates safely and runs nothing', () => {
            const { sb, hook } = setup();
            const weird = join(sb.home, 'a b;$(touch x)`touch y`');
            writeEnv(weird, { name: 'a b;$(touch x)', variables: { W: '$(touch z)' } });
            const v = ['PATH', 'PS1', 'W', 'SSDP_PREFIX', 'SSDP_DEFAULT_ENV'];
            const r = runShell(sh.bin, `. '${hook}'
PS1='P> '
${showPosix('start', v)}
ssdp activate "$WEIRD" || echo @FAIL=1
printf '@NODE=%s\\n' "$(node)"
${showPosix('on', v)}
ssdp deactivate || echo @FAIL=2
${showPosix('end', v)}`, sb, { env: { WEIRD: weird } });
            assert.equal(r.status, 0, r.stderr);
            assert.equal(r.seen.FAIL, undefined, r.stderr);
            const on = pick(r.seen, 'on');
            assert.equal(r.seen.NODE, 'node-of-a b;$(touch x)');
            assert.equal(on.SSDP_PREFIX, weird);
            assert.equal(on.SSDP_DEFAULT_ENV, 'a b;$(touch x)');
            assert.equal(on.PATH, `${weird}/bin:${sb.basePath}`);
            assert.equal(on.W, '$(touch z)');
            assert.equal(on.PS1, '(a b;_(touch x)) P> ', 'the label may not carry prompt expansions');
            assert.deepEqual(pick(r.seen, 'end'), pick(r.seen, 'start'));
            for (const f of ['x', 'y', 'z'])
                assert.ok(!existsSync(join(sb.home, f)), `${f} was created: something ran`);
        });
        test('--no-prompt and SSDP_CHANGEPS1=false leave the prompt; changes made while active survive deactivate', () => {
            const { sb, hook } = setup();
            sb.named({ name: 'radar' });
            const bin = `${sb.root}/envs/radar/bin`;
            const r = runShell(sh.bin, `. '${hook}'
PS1='P> '
ssdp activate --no-prompt radar && printf '@NOPROMPT=%s|%s\\n' "$PS1" "$PATH"
ssdp deactivate
SSDP_CHANGEPS1=false
ssdp activate radar && printf '@CHANGEPS1=%s\\n' "$PS1"
ssdp deactivate
unset SSDP_CHANGEPS1
ssdp activate radar
PATH="/extra:$PATH"
PS1="$PS1"'more> '
ssdp deactivate
printf '@USER=%s|%s\\n' "$PS1" "$PATH"`, sb);
            assert.equal(r.status, 0, r.stderr);
            assert.equal(r.seen.NOPROMPT, `P> |${bin}:${sb.basePath}`);
            assert.equal(r.seen.CHANGEPS1, 'P> ');
            assert.equal(r.seen.USER, `P> more> |/extra:${sb.basePath}`);
        });
    });
}
describe('hook in a script, as the issue shows it', { skip: !hasShell('bash') && 'bash is not installed' }, () => {
    test(`bash -c 'eval "$(ssdp shell hook bash)"; ssdp activate radar; node --version'`, () => {
        const sb = sandbox();
        sb.named({ name: 'radar' });
        const r = runShell('bash', `set -eu
eval "$(node '${CLI_ENTRY}' shell hook bash)"
ssdp activate radar
node --version
ssdp shell hook bash | grep -q '^ssdp()' && echo @PASSTHROUGH=ok
ssdp no-such-command 2>/dev/null || echo "@UNKNOWN=$?"
ssdp activate --help 2>&1 | grep -q '^ssdp activate NAME' && echo @HELP=ok
ssdp deactivate --help 2>/dev/null && echo "@AFTERHELP=$SSDP_DEFAULT_ENV"`, sb);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^node-of-radar$/m);
        assert.equal(r.seen.PASSTHROUGH, 'ok');
        assert.equal(r.seen.UNKNOWN, '2');
        assert.equal(r.seen.HELP, 'ok');
        assert.equal(r.seen.AFTERHELP, 'radar', 'help is not evaluated and changes nothing');
    });
});
//# sourceMappingURL=activate-posix.test.js.map
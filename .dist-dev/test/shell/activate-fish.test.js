/**
 * Scripted fish sessions: fish has list-valued PATH and no PS1, so activation sets PATH from a
 * colon string and wraps fish_prompt; both must come back exactly as they were.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShell, runShell, sandbox, showFish, writeEnv } from './session.js';
const skip = !hasShell('fish') && 'fish is not installed';
function pick(seen, tag) {
    const out = {};
    for (const [k, v] of Object.entries(seen))
        if (k.startsWith(tag + '.'))
            out[k.slice(tag.length + 1)] = v;
    return out;
}
// A user prompt to wrap; fish -c would otherwise autoload the default one.
const PROMPT = `function fish_prompt; printf 'F> '; end`;
const SHOW_PROMPT = (tag) => `printf '@%s.prompt=%s\\n' ${tag} (fish_prompt | string collect)`;
describe('fish activation', { skip }, () => {
    test('activate then deactivate: PATH, variables, prompt and scripts, undone exactly', () => {
        const sb = sandbox();
        const prefix = sb.named({
            name: 'radar',
            variables: { KEEP: 'env value', NEWV: `it's \\ "q" $(touch pwned)`, NODE_PATH: '/a:/b c' },
            activate: { 'a.fish': 'set -g ACT_LOG "$ACT_LOG a.fish:$SSDP_DEFAULT_ENV"', 'b.sh': 'ACT_LOG=posix' },
            deactivate: { 'x.fish': 'set -g ACT_LOG "$ACT_LOG x.fish:$SSDP_DEFAULT_ENV"' },
        });
        const v = ['PATH', 'KEEP', 'NEWV', 'NODE_PATH', 'SSDP_PREFIX', 'SSDP_DEFAULT_ENV', 'SSDP_SHLVL', '_SSDP_PROMPT_MODIFIER'];
        const r = runShell('fish', `source '${sb.hook('fish')}'
${PROMPT}
set -gx KEEP 'before value'
${showFish('before', v)}
${SHOW_PROMPT('before')}
ssdp activate radar; or echo @FAIL=activate
${showFish('on', v)}
${SHOW_PROMPT('on')}
printf '@NODE=%s\\n' (node)
printf '@ENVPATH=%s\\n' (env | string match 'PATH=*')
ssdp deactivate; or echo @FAIL=deactivate
printf '@LOG=%s\\n' "$ACT_LOG"
${showFish('after', v)}
${SHOW_PROMPT('after')}
functions -q __ssdp_original_fish_prompt; and echo @WRAPPER=left
true`, sb);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.seen.FAIL, undefined, r.stderr);
        const on = pick(r.seen, 'on');
        assert.equal(on.PATH, `${prefix}/bin:${sb.basePath}`);
        assert.equal(r.seen.ENVPATH, `PATH=${prefix}/bin:${sb.basePath}`, 'children see a colon-joined PATH');
        assert.equal(on.KEEP, 'env value');
        assert.equal(on.NEWV, `it's \\ "q" $(touch pwned)`);
        // fish splits *PATH variables on ':'; the env's packages go in front of the value it set.
        assert.equal(on.NODE_PATH, `${prefix}/lib/node_modules:/a:/b c`);
        assert.equal(on.SSDP_PREFIX, prefix);
        assert.equal(on.SSDP_SHLVL, '1');
        assert.equal(on.prompt, '(radar) F> ');
        assert.equal(r.seen.NODE, 'node-of-radar');
        assert.equal(r.seen.LOG, ' a.fish:radar x.fish:radar');
        const before = pick(r.seen, 'before');
        assert.equal(before.prompt, 'F> ');
        assert.deepEqual(pick(r.seen, 'after'), before);
        assert.equal(r.seen.WRAPPER, undefined);
        assert.ok(!existsSync(join(sb.home, 'pwned')));
    });
    test('replace, --stack and deactivate back to the outer env', () => {
        const sb = sandbox();
        const a = sb.named({ name: 'a', variables: { AV: '1', SHARED: 'from-a' } });
        const b = sb.named({ name: 'b', variables: { BV: '2', SHARED: 'from-b' } });
        const v = ['PATH', 'AV', 'BV', 'SHARED', 'SSDP_SHLVL', 'SSDP_DEFAULT_ENV'];
        const step = (tag, cmd) => `${cmd}\n${showFish(tag, v)}\n${SHOW_PROMPT(tag)}`;
        const r = runShell('fish', `source '${sb.hook('fish')}'
${PROMPT}
${step('start', '')}
${step('a', 'ssdp activate a')}
${step('replaced', 'ssdp activate b')}
${step('none', 'ssdp deactivate')}
${step('stacked', 'ssdp activate a; and ssdp activate --stack b')}
${step('back', 'ssdp deactivate')}
${step('end', 'ssdp deactivate')}`, sb);
        assert.equal(r.status, 0, r.stderr);
        const replaced = pick(r.seen, 'replaced');
        assert.equal(replaced.PATH, `${b}/bin:${sb.basePath}`);
        assert.equal(replaced.AV, '<unset>');
        assert.equal(replaced.prompt, '(b) F> ');
        assert.deepEqual(pick(r.seen, 'none'), pick(r.seen, 'start'));
        const stacked = pick(r.seen, 'stacked');
        assert.equal(stacked.PATH, `${b}/bin:${a}/bin:${sb.basePath}`);
        assert.equal(stacked.prompt, '(b) F> ');
        assert.equal(stacked.SSDP_SHLVL, '2');
        assert.deepEqual(pick(r.seen, 'back'), pick(r.seen, 'a'));
        assert.deepEqual(pick(r.seen, 'end'), pick(r.seen, 'start'));
    });
    test('errors and a metacharacter prefix leave the shell untouched / run nothing', () => {
        const sb = sandbox();
        const broken = sb.named({ name: 'broken' });
        writeFileSync(join(broken, 'ssdp-meta', 'env.json'), 'not json');
        const weird = join(sb.home, 'a b;$(touch x)`touch y`');
        writeEnv(weird, { name: "a b;(touch x)'", variables: { W: '(touch z)' } });
        const v = ['PATH', 'SSDP_PREFIX', 'W'];
        const r = runShell('fish', `source '${sb.hook('fish')}'
${PROMPT}
${showFish('start', v)}
ssdp activate nosuch; printf '@missing.status=%s\\n' $status
${showFish('missing', v)}
ssdp activate broken; printf '@broken.status=%s\\n' $status
${showFish('broken', v)}
ssdp deactivate; printf '@nothing.status=%s\\n' $status
${showFish('nothing', v)}
ssdp activate "$WEIRD"; or echo @FAIL=1
printf '@NODE=%s\\n' (node)
${showFish('on', v)}
${SHOW_PROMPT('on')}
ssdp deactivate
${showFish('end', v)}`, sb, { env: { WEIRD: weird } });
        const start = pick(r.seen, 'start');
        for (const tag of ['missing', 'broken', 'nothing']) {
            const seen = pick(r.seen, tag);
            assert.notEqual(seen.status, '0', tag);
            delete seen.status;
            assert.deepEqual(seen, start, tag);
        }
        assert.match(r.stderr, /E_ENV_NOT_FOUND[\s\S]*E_ENV_CORRUPT[\s\S]*E_SHELL_NOT_ACTIVE/);
        assert.equal(r.seen.FAIL, undefined, r.stderr);
        assert.equal(r.seen.NODE, 'node-of-a b;(touch x)');
        assert.equal(pick(r.seen, 'on').SSDP_PREFIX, weird);
        assert.equal(pick(r.seen, 'on').W, '(touch z)');
        assert.equal(pick(r.seen, 'on').prompt, "(a b;(touch x)_) F> ");
        assert.deepEqual(pick(r.seen, 'end'), start);
        for (const f of ['x', 'y', 'z'])
            assert.ok(!existsSync(join(sb.home, f)), `${f} was created`);
    });
});
//# sourceMappingURL=activate-fish.test.js.map
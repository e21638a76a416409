/**
 * A ShellChange as code for one shell. The core change (PATH, variables, prompt) is a short run
 * of builtins with every value pre-computed and quoted, so it completes in microseconds:
 * deactivate.d scripts run before it (the old env is still whole while they run) and activate.d
 * scripts after it (the new env is already whole), and an interrupt in a user script never leaves
 * PATH and the prompt disagreeing.
 */
import { quoteFish, quotePosix } from './dialects.js';
export const FISH_PROMPT_VAR = '_SSDP_PROMPT_MODIFIER';
export function renderChange(change, shell) {
    return shell === 'fish' ? renderFish(change) : renderPosix(change);
}
function renderPosix(c) {
    const q = quotePosix;
    const lines = [];
    for (const f of c.deactivateScripts)
        lines.push(`. ${q(f)}`);
    if (c.set.length)
        lines.push('export ' + c.set.map(([n, v]) => `${n}=${q(v)}`).join(' '));
    if (c.unset.length)
        lines.push('unset ' + c.unset.join(' '));
    if (c.prompt)
        lines.push(c.prompt.value === null ? 'unset PS1' : `PS1=${q(c.prompt.value)}`);
    // bash, zsh and dash remember where they found commands; PATH changed, so forget.
    lines.push('hash -r');
    for (const f of c.activateScripts)
        lines.push(`. ${q(f)}`);
    return lines.join('\n') + '\n';
}
/**
 * fish has no PS1: ssdp wraps `fish_prompt` in a function that prints the modifier first and
 * then runs the original (with the original's $status), and puts the original back when the
 * last prompt change is undone.
 */
const FISH_WRAP = `if not set -q __ssdp_prompt_wrapped
    set -g __ssdp_prompt_wrapped 1
    functions -e __ssdp_original_fish_prompt
    functions -q fish_prompt; and functions -c fish_prompt __ssdp_original_fish_prompt
    function __ssdp_return_status; return $argv[1]; end
    function fish_prompt --description 'ssdp: env label, then the original prompt'
        set -l __ssdp_status $status
        printf '%s' "$${FISH_PROMPT_VAR}"
        if functions -q __ssdp_original_fish_prompt
            __ssdp_return_status $__ssdp_status
            __ssdp_original_fish_prompt
        end
    end
end`;
const FISH_UNWRAP = `if set -q __ssdp_prompt_wrapped
    set -e __ssdp_prompt_wrapped
    functions -e fish_prompt __ssdp_return_status
    if functions -q __ssdp_original_fish_prompt
        functions -c __ssdp_original_fish_prompt fish_prompt
        functions -e __ssdp_original_fish_prompt
    end
end`;
function renderFish(c) {
    const q = quoteFish;
    const lines = [];
    for (const f of c.deactivateScripts)
        lines.push(`source ${q(f)}`);
    // PATH is a path variable in fish: a colon-joined string is split into its list.
    const core = [];
    for (const [n, v] of c.set)
        core.push(`set -gx ${n} ${q(v)}`);
    for (const n of c.unset)
        core.push(`set -e ${n}`);
    if (c.prompt)
        core.push(c.prompt.value === null ? `set -e ${FISH_PROMPT_VAR}` : `set -g ${FISH_PROMPT_VAR} ${q(c.prompt.value)}`);
    if (core.length)
        lines.push(core.join('; '));
    if (c.prompt)
        lines.push(c.prompt.value === null ? FISH_UNWRAP : FISH_WRAP);
    for (const f of c.activateScripts)
        lines.push(`source ${q(f)}`);
    return lines.join('\n') + '\n';
}
//# sourceMappingURL=render.js.map
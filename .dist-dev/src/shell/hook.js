/**
 * `ssdp shell hook SHELL`: code defining a shell function `ssdp` that runs the CLI, except for
 * `activate` and `deactivate`, which must change the calling shell. For those the function runs
 * `ssdp shell activate|deactivate SHELL ...`, which prints the whole change, and evaluates it only
 * when the CLI succeeded, so a failure leaves the shell as it was. The CLI does not see unexported
 * shell variables, so the function hands it the prompt explicitly.
 */
import { quoteFish, quotePosix } from './dialects.js';
import { FISH_PROMPT_VAR } from './render.js';
export function hookScript(shell, cli) {
    return shell === 'fish' ? fishHook(cli) : posixHook(shell, cli);
}
function posixHook(shell, cli) {
    const run = cli.map(quotePosix).join(' ');
    // POSIX only (dash): no arrays, no `local`; globals are __ssdp_-prefixed and unset after use,
    // and the status is carried through `set --` (positional parameters are function-local).
    return `# ssdp shell hook for ${shell}: defines the function ssdp (see ssdp --help).
ssdp() {
    case "\${1-}" in
        activate|deactivate)
            __ssdp_cmd=$1
            shift
            __ssdp_code=$(__SSDP_PS1="\${PS1-}" __SSDP_PS1_SET="\${PS1+1}" SSDP_CHANGEPS1="\${SSDP_CHANGEPS1-}" ${run} shell "$__ssdp_cmd" ${shell} "$@") || {
                set -- "$?"
                unset __ssdp_cmd __ssdp_code
                return "$1"
            }
            unset __ssdp_cmd
            eval "$__ssdp_code"
            set -- "$?"
            unset __ssdp_code
            return "$1"
            ;;
        *)
            ${run} "$@"
            ;;
    esac
}
`;
}
function fishHook(cli) {
    const run = cli.map(quoteFish).join(' ');
    return `# ssdp shell hook for fish: defines the function ssdp (see ssdp --help).
function ssdp --description 'ssdp: environments and pipelines'
    if set -q argv[1]; and contains -- $argv[1] activate deactivate
        set -l __ssdp_prompt_set
        set -q ${FISH_PROMPT_VAR}; and set __ssdp_prompt_set 1
        set -l __ssdp_code (__SSDP_PS1="$${FISH_PROMPT_VAR}" __SSDP_PS1_SET="$__ssdp_prompt_set" SSDP_CHANGEPS1="$SSDP_CHANGEPS1" ${run} shell $argv[1] fish $argv[2..-1])
        or return $status
        string join \\n -- $__ssdp_code | source
    else
        ${run} $argv
    end
end
`;
}
//# sourceMappingURL=hook.js.map
/**
 * What an activation must remember to be undone exactly, kept in the shell itself (never in
 * files): one exported variable per level, `_SSDP_STATE_<n>`, holding base64 JSON, and
 * `SSDP_SHLVL` = the number of levels. Because the variables live in the shell's environment,
 * the CLI sees them on every call and a child shell inherits a consistent copy.
 */
import { SsdpError } from '../util/errors.js';
export const SHLVL_VAR = 'SSDP_SHLVL';
export const PREFIX_VAR = 'SSDP_PREFIX';
export const NAME_VAR = 'SSDP_DEFAULT_ENV';
export const stateVar = (level) => `_SSDP_STATE_${level}`;
export function encodeLevel(s) {
    return Buffer.from(JSON.stringify(s), 'utf8').toString('base64');
}
function damaged(detail) {
    return new SsdpError('E_SHELL_STATE', `this shell's activation state is damaged: ${detail}.`, {
        hint: `Start a new shell, or clear it with: unset ${SHLVL_VAR} ${stateVar(1)}`,
    });
}
export function decodeLevel(text, level) {
    let s;
    try {
        s = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
    }
    catch {
        throw damaged(`${stateVar(level)} is not readable`);
    }
    if (s?.v !== 1 || typeof s.prefix !== 'string' || typeof s.bin !== 'string' || typeof s.vars !== 'object' || !s.path) {
        throw damaged(`${stateVar(level)} has an unknown shape`);
    }
    return s;
}
/** The active levels, outermost first, read from an environment such as process.env. */
export function readLevels(env) {
    const raw = env[SHLVL_VAR];
    if (raw === undefined || raw === '' || raw === '0')
        return [];
    if (!/^[1-9][0-9]{0,3}$/.test(raw))
        throw damaged(`${SHLVL_VAR} is '${raw}'`);
    const levels = [];
    for (let i = 1; i <= Number(raw); i++) {
        const text = env[stateVar(i)];
        if (text === undefined)
            throw damaged(`${SHLVL_VAR} is ${raw} but ${stateVar(i)} is not set`);
        levels.push(decodeLevel(text, i));
    }
    return levels;
}
//# sourceMappingURL=state.js.map
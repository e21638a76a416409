/** `on-missing` -> `SSDP_PARAM_ON_MISSING`. */
export function paramEnvName(name) {
    return `SSDP_PARAM_${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}
export function envNamesOf(spec, name) {
    return [spec.paramEnv[name], paramEnvName(name)].filter((v) => !!v);
}
/**
 * Params that --param or the environment set (only those: the plan adds the file's defaults).
 * Unknown --param keys are left in for the plan to refuse with the list of known ones.
 */
export function resolveParams(spec, cli, env = process.env) {
    const values = {};
    const from = {};
    for (const name of Object.keys(spec.params)) {
        const v = envNamesOf(spec, name).find((n) => env[n] !== undefined && env[n] !== '');
        if (v) {
            values[name] = env[v];
            from[name] = `$${v}`;
        }
    }
    for (const [k, v] of Object.entries(cli)) {
        values[k] = v;
        from[k] = '--param';
    }
    return { values, from };
}
//# sourceMappingURL=params.js.map
import { SsdpError } from '../util/errors.js';
export async function exportEnv(state, lock, mode) {
    const { parseRequest, serializeLock } = await import('../resolve/index.js');
    const { stringify } = await import('yaml');
    if (mode === 'lock') {
        // The lockfile carries the env's allow-scripts and variables too, so `create -f LOCK` gives the same env.
        const text = serializeLock(lock);
        const extra = {};
        if (state.allowScripts?.length)
            extra.allowScripts = state.allowScripts;
        if (Object.keys(state.variables).length > 0)
            extra.variables = state.variables;
        if (Object.keys(extra).length === 0)
            return text;
        return JSON.stringify({ ...JSON.parse(text), ...extra }, null, 2) + '\n';
    }
    let deps;
    if (mode === 'history') {
        deps = [...state.requested];
    }
    else {
        deps = [];
        for (const raw of state.requested) {
            const req = parseRequest(raw);
            const name = req.name;
            if (req.source) {
                deps.push(raw); // the git/URL/file: spec itself recreates it (the lock pins its commit/bytes)
                continue;
            }
            if (name === 'node') {
                if (lock.node)
                    deps.push(`node=${lock.node.version}`);
                continue;
            }
            const p = lock.packages.find((q) => q.path === name);
            if (!p)
                throw new SsdpError('E_ENV_CORRUPT', `the env's lock has no top-level '${name}' although it was requested.`, { hint: 'Recreate the env with ssdp env update -f or create --force.' });
            deps.push(`${name}=${p.version}`);
        }
    }
    const doc = { name: state.name };
    doc.channels = state.channels && state.channels.length > 0 ? state.channels : ['npm'];
    doc.dependencies = deps;
    if (Object.keys(state.variables).length > 0)
        doc.variables = state.variables;
    if (state.allowScripts && state.allowScripts.length > 0)
        doc['allow-scripts'] = state.allowScripts;
    if (state.before)
        doc.before = state.before;
    return stringify(doc);
}
//# sourceMappingURL=export.js.map
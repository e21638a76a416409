/** Finds the workflow file: --workflow, else ssdp.yaml in this folder or the nearest parent (as pixi finds pixi.toml). */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { WORKFLOW_FILE } from './spec.js';
export function findWorkflowFile(explicit, from = process.cwd()) {
    if (explicit)
        return resolve(explicit);
    for (let dir = resolve(from);; dir = dirname(dir)) {
        const candidate = join(dir, WORKFLOW_FILE);
        if (existsSync(candidate))
            return candidate;
        if (dirname(dir) === dir)
            break;
    }
    throw new SsdpError('E_NO_WORKFLOW', `No ${WORKFLOW_FILE} in ${from} or any folder above it.`, {
        hint: `Run ssdp from a project that has an ${WORKFLOW_FILE}, pass --workflow FILE, or use 'ssdp run -n ENV -- CMD' to run one command in an env.`,
    });
}
/** Parses repeated `--param key=value` options. */
export function parseParams(values) {
    const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
    const out = {};
    for (const item of list) {
        const text = String(item);
        const eq = text.indexOf('=');
        if (eq <= 0) {
            throw new SsdpError('E_BAD_PARAM', `--param ${text}: expected KEY=VALUE.`, { hint: 'e.g. --param days=7 --param start=2020-11-01' });
        }
        out[text.slice(0, eq)] = text.slice(eq + 1);
    }
    return out;
}
//# sourceMappingURL=find.js.map
/**
 * What code a task runs, as text that goes into its fingerprint: editing a task's module (or,
 * for ssdp's own functions, any file of that area) makes its steps run again.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { moduleUrl } from './exec.js';
function treeStamp(dir) {
    const parts = [];
    const walk = (d) => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
            const p = join(d, e.name);
            if (e.isDirectory())
                walk(p);
            else if (e.name.endsWith('.js')) {
                const st = statSync(p);
                parts.push(`${e.name}:${st.size}:${Math.round(st.mtimeMs)}`);
            }
        }
    };
    walk(dir);
    return parts.join(',');
}
export function codeVersion(task, root) {
    if (!task.function)
        return '';
    try {
        const file = fileURLToPath(moduleUrl(task.function, root));
        return task.function.startsWith('ssdp:') ? treeStamp(dirname(file)) : `${statSync(file).size}:${Math.round(statSync(file).mtimeMs)}`;
    }
    catch {
        return 'unresolved';
    }
}
//# sourceMappingURL=code-version.js.map
/**
 * Finds an external program (redis-server, sbatch) the way a shell would, so a missing one is a
 * clear error before anything starts rather than an ENOENT halfway through.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
function isExecutable(path) {
    try {
        accessSync(path, constants.X_OK);
        return statSync(path).isFile();
    }
    catch {
        return false;
    }
}
/** The full path of `name` (a path, or a name looked up on PATH), or undefined. */
export function findProgram(name, path = process.env.PATH ?? '') {
    if (name.includes('/'))
        return isExecutable(name) ? (isAbsolute(name) ? name : join(process.cwd(), name)) : undefined;
    for (const dir of path.split(delimiter)) {
        if (dir && isExecutable(join(dir, name)))
            return join(dir, name);
    }
    return undefined;
}
//# sourceMappingURL=programs.js.map
/**
 * Resolve hooks that let `import` find an env's packages the way `require` finds them through
 * NODE_PATH. A bare specifier is first resolved as Node would (so the project's own node_modules
 * win); only when that finds nothing is it resolved again from each NODE_PATH folder in turn.
 * Both hook flavours are here: the synchronous one for `module.registerHooks` (Node 22.15+,
 * in-thread and cheap) and the asynchronous one for `module.register` (Node 20.6+, loaded in
 * Node's hooks thread, which receives the folders as `data`).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
let folders = [];
/** Called by module.register with the NODE_PATH folders of the registering process. */
export function initialize(data) {
    folders = data?.folders ?? [];
}
export function setFolders(list) {
    folders = list;
}
/** 'lodash-es', '@scope/pkg/sub': not relative, absolute, a URL, nor a `#import` of the package. */
function isBare(specifier) {
    return !/^(\.{0,2}\/|#|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);
}
/** A file URL inside `folder`, so that resolving from it looks in `folder` first. */
function parentIn(folder) {
    return pathToFileURL(join(folder, '_')).href;
}
const notFound = (e) => e?.code === 'ERR_MODULE_NOT_FOUND';
export function resolveSync(specifier, context, next) {
    try {
        return next(specifier, context);
    }
    catch (e) {
        if (!notFound(e) || !isBare(specifier))
            throw e;
        for (const folder of folders) {
            try {
                return next(specifier, { ...context, parentURL: parentIn(folder) });
            }
            catch (again) {
                if (!notFound(again))
                    throw again;
            }
        }
        throw e;
    }
}
export async function resolve(specifier, context, next) {
    try {
        return await next(specifier, context);
    }
    catch (e) {
        if (!notFound(e) || !isBare(specifier))
            throw e;
        for (const folder of folders) {
            try {
                return await next(specifier, { ...context, parentURL: parentIn(folder) });
            }
            catch (again) {
                if (!notFound(again))
                    throw again;
            }
        }
        throw e;
    }
}
//# sourceMappingURL=esm-resolve.js.map
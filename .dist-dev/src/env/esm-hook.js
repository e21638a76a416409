/**
 * Loaded into every Node.js process of an env through NODE_OPTIONS=--import=<this file's URL>
 * (see node-options.ts): registers the resolve hooks of esm-resolve.ts for the folders on
 * NODE_PATH. On a Node.js without module hooks it does nothing, and `require` keeps working
 * through NODE_PATH alone.
 */
import * as nodeModule from 'node:module';
import { resolveSync, setFolders } from './esm-resolve.js';
const folders = (process.env.NODE_PATH ?? '').split(':').filter((f) => f.startsWith('/'));
const api = nodeModule;
if (folders.length) {
    if (typeof api.registerHooks === 'function') {
        setFolders(folders);
        api.registerHooks({ resolve: resolveSync });
    }
    else if (typeof api.register === 'function') {
        api.register('./esm-resolve.js', import.meta.url, { data: { folders } });
    }
}
//# sourceMappingURL=esm-hook.js.map
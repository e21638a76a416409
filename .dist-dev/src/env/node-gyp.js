/**
 * node-gyp for allowed install scripts. A package with a binding.gyp builds with `node-gyp
 * rebuild`, and npm puts its own bundled node-gyp on PATH for that. ssdp has none bundled, so it
 * installs the registry's node-gyp package the way it installs anything (resolved, fetched into
 * the store, hardlinked) into ROOT/tools/node-gyp, once, and every env's scripts reuse it. A
 * node-gyp in the env's own tree (a dependency) comes first on PATH and wins.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { withFileLock } from '../util/lock.js';
import { rootLayout } from './prefix.js';
import { makeStaging, recoverPrefix, swapIn } from './swap.js';
export const toolPrefix = (root) => join(root, 'tools', 'node-gyp');
/** The bin folder holding `node-gyp`, installing it first when needed. */
export async function provideNodeGyp(root, channels, s) {
    const dir = toolPrefix(root);
    const bin = join(dir, 'bin');
    return withFileLock(join(rootLayout(root).locks, 'tool-node-gyp.lock'), async () => {
        recoverPrefix(dir);
        if (existsSync(join(bin, 'node-gyp')))
            return [bin];
        s.reporter.info('an allowed install script calls node-gyp: installing node-gyp from the registry for it ...');
        const [{ resolveRequests }, { openStore }] = await Promise.all([import('./operations.js'), import('./commit.js')]);
        const lock = await resolveRequests(root, ['node-gyp'], { channels }, { root, reporter: s.reporter, offline: s.offline, command: 'node-gyp for install scripts' });
        const { store, done } = await openStore(root, s, { channels });
        try {
            await store.ensure(lock);
        }
        finally {
            done();
        }
        const staging = makeStaging(dir);
        try {
            await store.link(lock, staging, { onWarning: (m) => s.reporter.warn(m) });
            swapIn(staging, dir);
        }
        catch (e) {
            rmSync(staging, { recursive: true, force: true });
            throw e;
        }
        return [bin];
    });
}
//# sourceMappingURL=node-gyp.js.map
/**
 * An env's own earlier request of a local folder or tarball (`ssdp create -n e ./pkgs/a`,
 * recorded in its state and lock as file:/abs/pkgs/a) whose path is gone: ssdp packs folder and
 * file requests again at every change of the env, so after the project moved any change (`ssdp
 * install -n e is-odd`) failed with "there is no package.json in it" about a spec the user did not
 * write in that command (tester s19 try13y Y4). Said before resolving, naming the env, the
 * recorded request and the ways out.
 */
import { existsSync } from 'node:fs';
import { SsdpError } from '../util/errors.js';
import { shellWord } from '../shell/dialects.js';
import type { EnvTarget } from './target.js';

/**
 * Throws E_SOURCE_UNAVAILABLE for the first of `requested` that this change did not write
 * (`written`: its own requests) and whose file: path (`pathOf`) no longer exists. `nameOf` gives
 * the package a request installed (from the env's lock).
 */
export function refuseMovedSources(t: EnvTarget, requested: string[], written: Record<string, unknown>, pathOf: (raw: string) => string | undefined, nameOf: (raw: string) => string): void {
  for (const raw of requested) {
    if (written[raw]) continue;
    const path = pathOf(raw);
    if (path === undefined || existsSync(path)) continue;
    const env = t.named ? `-n ${shellWord(t.name)}` : `-p ${shellWord(t.prefix)}`;
    const what = /\.(tgz|tar\.gz|tar)$/i.test(path) ? 'tarball' : 'folder';
    const name = nameOf(raw);
    throw new SsdpError(
      'E_SOURCE_UNAVAILABLE',
      `the env ${t.named ? `'${t.name}'` : `at ${t.prefix}`} installed ${name} from the ${what} ${path} (its request '${raw}', recorded when it was installed), and there is nothing at that path now (moved or removed); ssdp packs an env's ${what} requests again at each change of the env, so this change cannot go on; nothing was changed`,
      {
        hint: `If the ${what} moved, install it from its new place (ssdp install ${env} NEW-PATH replaces the request); if it is no longer wanted, ssdp remove ${env} ${shellWord(name)}; then run this command again.`,
      },
    );
  }
}

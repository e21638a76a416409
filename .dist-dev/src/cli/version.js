/** ssdp's own version, from the package.json it ships with (dist/src/cli -> package root). */
import { readFileSync } from 'node:fs';
export function ssdpVersion() {
    return JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;
}
//# sourceMappingURL=version.js.map
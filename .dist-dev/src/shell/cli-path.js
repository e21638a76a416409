/**
 * The command that runs this very CLI, as absolute paths: the node binary running now and the
 * compiled entry script. Hooks and rc blocks call these directly instead of looking `ssdp` or
 * `node` up on PATH, because activation puts an env's own `node` first on PATH.
 */
import { fileURLToPath } from 'node:url';
export function cliCommand() {
    return [process.execPath, fileURLToPath(new URL('../cli/entry.js', import.meta.url))];
}
//# sourceMappingURL=cli-path.js.map
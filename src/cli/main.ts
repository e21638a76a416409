/**
 * Entry point. Activation runs at every shell prompt change, so commands served by the fast
 * path are dispatched before yargs or any package-manager code is loaded.
 */
import { formatError } from '../util/errors.js';
import { fastPathCommands } from './fast-path.js';

export async function main(argv: string[]): Promise<void> {
  try {
    const fast = fastPathCommands[argv[0] ?? ''];
    const code = fast ? await fast(argv.slice(1)) : await (await import('./app.js')).runApp(argv);
    if (typeof code === 'number') process.exitCode = code;
  } catch (e) {
    process.stderr.write(formatError(e) + '\n');
    process.exitCode = (e as { exitCode?: number }).exitCode ?? 1;
  }
}

/**
 * What bin/ssdp loads as an ES module: every command but the env and run commands, and those too when
 * bin/ssdp is reached through a symlink (npm's bin links), where its shell part does not start
 * ./launch-env.cjs itself. That module runs an env or run command from its bundle when it may (see it);
 * otherwise ./entry.js runs the command.
 */
import { createRequire } from 'node:module';

// Required, not imported: an ES import of a CommonJS file has Node scan its source for export names.
const { runFromBundle } = createRequire(import.meta.url)('./launch-env.cjs') as typeof import('./launch-env.cjs');
if (!runFromBundle()) await import('./entry.js');

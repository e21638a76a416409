/**
 * What bin/ssdp loads as an ES module: every command but the env commands, and those too when
 * bin/ssdp is reached through a symlink (npm's bin links), where its shell part does not start
 * ./launch-env.cjs itself. That module runs an env command from the bundle when it may (see it);
 * otherwise ./entry.js runs the command.
 */
import { createRequire } from 'node:module';

// Required, not imported: an ES import of a CommonJS file has Node scan its source for export names.
const { runEnvBundle } = createRequire(import.meta.url)('./launch-env.cjs') as typeof import('./launch-env.cjs');
if (!runEnvBundle()) await import('./entry.js');

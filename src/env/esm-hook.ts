/**
 * What NODE_OPTIONS named before the hook became the CommonJS preload esm-hook.cts
 * (`--import=<this file's URL>`): a shell activated by that ssdp still names this file after an
 * upgrade, and a missing --import file stops every node in it. It loads the preload.
 */
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./esm-hook.cjs');

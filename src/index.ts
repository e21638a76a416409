/**
 * The library's public face: `import { delayed, compute, bag, array, Client } from 'ssdp'`.
 * Each capability re-exports from its own entry module.
 */
export { SsdpError } from './util/errors.js';

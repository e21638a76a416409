/**
 * `import { ... } from 'ssdp/radar'`: the radar pipeline's data side and its outputs. A subpath
 * of its own because the outputs load image libraries (canvas, GIF and PNG encoders, the world
 * atlas) that users of the core entry, 'ssdp', should not pay for at import.
 */
export * from './index.js';
export * from './outputs/index.js';

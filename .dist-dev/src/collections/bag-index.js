/** `bag` namespace of the public API: `import { bag } from 'ssdp'; bag.fromSequence(...)`. */
export { Bag, fromSequence, range } from './bag.js';
export { readText } from './bag-io.js';
//# sourceMappingURL=bag-index.js.map
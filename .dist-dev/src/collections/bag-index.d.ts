/** `bag` namespace of the public API: `import { bag } from 'ssdp'; bag.fromSequence(...)`. */
export { Bag, fromSequence, range, type FromSequenceOptions } from './bag.js';
export { readText, type ReadTextOptions, type ToTextfilesOptions, type Compression } from './bag-io.js';

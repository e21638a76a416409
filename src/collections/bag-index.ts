/** `bag` namespace of the public API: `import { bag } from 'ssdp'; bag.fromSequence(...)`. */
export { Bag, fromSequence, range, type FromSequenceOptions } from './bag.js';

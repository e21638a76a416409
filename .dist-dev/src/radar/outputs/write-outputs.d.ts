import { type OutputsResult, type WriteOutputsOptions } from './types.js';
export declare function writeOutputs(o: WriteOutputsOptions): Promise<OutputsResult>;

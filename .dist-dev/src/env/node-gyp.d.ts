import type { StoreSettings } from './commit.js';
export declare const toolPrefix: (root: string) => string;
/** The bin folder holding `node-gyp`, installing it first when needed. */
export declare function provideNodeGyp(root: string, channels: string[] | undefined, s: StoreSettings): Promise<string[]>;

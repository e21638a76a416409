/** The value of top-level binding `name` in the module `fn` was defined in, or undefined. */
export declare function moduleBinding(fn: object, name: string): unknown;

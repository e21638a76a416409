import type { Request } from './types.js';
export declare function isValidPackageName(name: string): boolean;
export declare function isSourceSpec(text: string): boolean;
/** A source spec's folder or tarball made absolute, so the lock and the env's history name one place. */
export declare function absoluteSource(raw: string, base: string): string;
export declare function parseRequest(raw: string): Request;

import type { Manifest, Packument } from './packument.js';
export interface Candidate {
    manifest: Manifest;
    /** Why it can never be chosen in this resolve, if so. */
    ruledOut?: {
        kind: 'before' | 'engines';
        detail: string;
    };
}
export interface CandidateRules {
    before?: Date;
    nodeVersion: string;
    nodePinned: boolean;
}
/** Valid versions, highest first. */
export declare function sortedVersions(p: Packument): string[];
export declare function enginesFit(m: Manifest, nodeVersion: string): boolean;
export declare function matchingVersions(p: Packument, range: string): string[];
/**
 * Candidates in preference order, computed lazily: the first usable one is usually the first
 * tried, so testing thousands of typescript versions against a range only happens on failure.
 */
export declare class Candidates {
    private readonly p;
    private readonly rules;
    private readonly list;
    private readonly seen;
    private readonly deprecated;
    private cursor;
    private stage;
    private readonly test;
    constructor(p: Packument, range: string, rules: CandidateRules);
    private make;
    private push;
    /** The i-th candidate, or undefined past the end. */
    at(i: number): Candidate | undefined;
    private advance;
    all(): Candidate[];
    [Symbol.iterator](): Iterator<Candidate>;
}
export declare function candidatesFor(p: Packument, range: string, rules: CandidateRules): Candidates;

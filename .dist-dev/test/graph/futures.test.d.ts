export declare function sumAll(xs: number[]): number;

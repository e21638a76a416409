export declare function addUp(a: number, b: number): number;

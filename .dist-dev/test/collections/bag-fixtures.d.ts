export declare function square(x: number): number;
export declare function isEven(x: number): boolean;
export declare function repeat(x: number): number[];
/** Logs each element it sees to `file` (one line each), then returns it. */
export declare function logged(file: string): (x: number) => number;
export declare function recordTo(x: {
    file: string;
    v: number;
}): number;
export declare function slowDouble(x: number): Promise<number>;

export declare function runApp(argv: string[]): Promise<number>;

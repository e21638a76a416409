export declare function expandHome(path: string): string;

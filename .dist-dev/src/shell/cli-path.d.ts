export declare function cliCommand(): [node: string, entry: string];

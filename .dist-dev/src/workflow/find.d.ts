export declare function findWorkflowFile(explicit?: string, from?: string): string;
/** Parses repeated `--param key=value` options. */
export declare function parseParams(values: unknown): Record<string, string>;

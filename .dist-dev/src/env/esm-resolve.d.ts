type Context = {
    parentURL?: string;
    conditions?: readonly string[];
    importAttributes?: Record<string, string>;
};
type Resolved = {
    url: string;
    format?: string | null;
    shortCircuit?: boolean;
};
/** Called by module.register with the NODE_PATH folders of the registering process. */
export declare function initialize(data: {
    folders: string[];
} | undefined): void;
export declare function setFolders(list: string[]): void;
export declare function resolveSync(specifier: string, context: Context, next: (s: string, c?: Context) => Resolved): Resolved;
export declare function resolve(specifier: string, context: Context, next: (s: string, c?: Context) => Promise<Resolved>): Promise<Resolved>;
export {};

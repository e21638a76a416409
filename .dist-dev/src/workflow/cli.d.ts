export interface RunTaskArgs {
    task?: string;
    args?: string[];
    jobs?: number;
    param?: string | string[];
    'dry-run'?: boolean;
    graph?: string;
    force?: boolean;
    workflow?: string;
    'on-missing'?: string;
    offline?: boolean;
    root?: string;
    json?: boolean;
    quiet?: boolean;
    'wait-lock'?: boolean;
    dashboard?: boolean;
    'dashboard-port'?: number;
    broker?: string;
    cluster?: string;
    workers?: number;
}
export declare function runTaskCli(argv: RunTaskArgs): Promise<number>;
export declare function listTasksCli(argv: {
    workflow?: string;
    json?: boolean;
}): Promise<number>;

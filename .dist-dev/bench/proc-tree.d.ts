export interface TreeRun {
    seconds: number;
    /** User + system CPU seconds of the whole tree (the command and every process it waited for); with `cpu` only. */
    cpuSeconds?: number;
    peakRssBytes: number;
    stdout: string;
    code: number | null;
}
/** `onStderr`: also shown to the caller (then stderr is passed on, not inherited). */
/**
 * `onStderr`: also shown to the caller (then stderr is passed on, not inherited). `cpu`: the
 * command runs under GNU time (/usr/bin/time), whose wait4 accounting covers every descendant
 * that was waited for (ssdp's worker processes are).
 */
export declare function runMeasured(cmd: string, args: string[], opts?: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    onStderr?: (text: string) => void;
    cpu?: boolean;
}): Promise<TreeRun>;

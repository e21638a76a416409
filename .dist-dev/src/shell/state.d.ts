export declare const SHLVL_VAR = "SSDP_SHLVL";
export declare const PREFIX_VAR = "SSDP_PREFIX";
export declare const NAME_VAR = "SSDP_DEFAULT_ENV";
export declare const stateVar: (level: number) => string;
/** One activation level: what it changed and the values it replaced. */
export interface LevelState {
    v: 1;
    /** Realpath of the env prefix. */
    prefix: string;
    name: string;
    /** The PATH entry this level put in front. */
    bin: string;
    path: {
        before: string | null;
        after: string;
    };
    /** Every variable this level set, with the value it had before (null: was unset). */
    vars: Record<string, string | null>;
    /** List variables this level put an entry in front of (NODE_PATH, NODE_OPTIONS), undone like PATH. */
    lists?: Record<string, {
        before: string | null;
        after: string;
        entry: string;
        sep: string;
    }>;
    /** The prompt change, when this level made one: PS1 in POSIX shells, the modifier in fish. */
    prompt?: {
        before: string | null;
        after: string;
        modifier: string;
    };
}
export declare function encodeLevel(s: LevelState): string;
export declare function decodeLevel(text: string, level: number): LevelState;
/** The active levels, outermost first, read from an environment such as process.env. */
export declare function readLevels(env: Record<string, string | undefined>): LevelState[];

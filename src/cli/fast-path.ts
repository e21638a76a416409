/**
 * Commands that must start fast (shell activation). Each handler gets the arguments after the
 * command word and returns an exit code. Keep imports here lazy and small.
 */
export type FastHandler = (args: string[]) => Promise<number | void>;

export const fastPathCommands: Record<string, FastHandler> = {};

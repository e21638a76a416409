export type AsideKind = 'failed' | 'replaced';
export declare function asideDir(root: string, kind: AsideKind, id: string): string;
/** Moves the existing ones of `paths` into a fresh aside folder; returns that folder and the new paths (none: nothing existed). */
export declare function moveAside(root: string, id: string, kind: AsideKind, paths: string[]): {
    dir: string;
    moved: string[];
};

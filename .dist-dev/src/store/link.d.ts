import type { PackageIndex } from './cas.js';
export type ImportMethod = 'auto' | 'hardlink' | 'copy';
/** Per-link-run state: once hardlinks fail across devices we stop trying them. */
export interface ImportState {
    method: ImportMethod;
    linked: number;
    copied: number;
}
/** Materialises a stored package (its `files/` folder) at dest. `copy` forces private copies. */
export declare function importPackage(filesDir: string, dest: string, index: PackageIndex, state: ImportState, copy?: boolean): void;
/** Hardlinks (or copies) one file, e.g. node's binary into PREFIX/bin. */
export declare function importFile(src: string, dest: string, mode: number, state: ImportState): void;

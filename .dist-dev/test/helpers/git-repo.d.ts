/** A package folder: package.json plus an index.js exporting `name@version`. */
export declare function folderPackage(dir: string, name: string, version: string, extra?: Record<string, unknown>): string;
/** Runs git in `repo`, returning its trimmed stdout. */
export declare function git(repo: string, ...args: string[]): string;
/** Commits the folder package `name@version` (with `extra` package.json fields) and returns the commit. */
export declare function commitVersion(repo: string, name: string, version: string, extra?: Record<string, unknown>, tag?: string): string;
/** A new repository on branch main. */
export declare function initRepo(repo: string): string;
/** Environment making git read `from` URLs from `to` (git's url.<to>.insteadOf), for hosted specs without network. */
export declare function gitUrlRewrites(pairs: Array<[from: string, to: string]>): NodeJS.ProcessEnv;

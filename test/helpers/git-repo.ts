/**
 * Git repositories made in a test: a folder package committed with a fixed identity, so specs
 * like git+file://, #tag, #sha and #semver: have something real to resolve.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A package folder: package.json plus an index.js exporting `name@version`. */
export function folderPackage(dir: string, name: string, version: string, extra: Record<string, unknown> = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version, main: 'index.js', ...extra }));
  writeFileSync(join(dir, 'index.js'), `module.exports = ${JSON.stringify(`${name}@${version}`)};\n`);
  return dir;
}

const IDENTITY = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };

/** Runs git in `repo`, returning its trimmed stdout. */
export function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, env: { ...process.env, ...IDENTITY } }).toString().trim();
}

/** Commits the folder package `name@version` (with `extra` package.json fields) and returns the commit. */
export function commitVersion(repo: string, name: string, version: string, extra: Record<string, unknown> = {}, tag?: string): string {
  folderPackage(repo, name, version, extra);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', version);
  if (tag) git(repo, 'tag', tag);
  return git(repo, 'rev-parse', 'HEAD');
}

/** A new repository on branch main. */
export function initRepo(repo: string): string {
  mkdirSync(repo, { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  return repo;
}

/** Environment setting git configuration `key=value` pairs for every git run (GIT_CONFIG_COUNT). */
export function gitConfig(pairs: Array<[key: string, value: string]>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { GIT_CONFIG_COUNT: String(pairs.length) };
  pairs.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/** Environment making git read `from` URLs from `to` (git's url.<to>.insteadOf), for hosted specs without network. */
export function gitUrlRewrites(pairs: Array<[from: string, to: string]>): NodeJS.ProcessEnv {
  return gitConfig(pairs.map(([from, to]) => [`url.${to}.insteadOf`, from]));
}

/**
 * Git repositories made in a test: a folder package committed with a fixed identity, so specs
 * like git+file://, #tag, #sha and #semver: have something real to resolve.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
/** A package folder: package.json plus an index.js exporting `name@version`. */
export function folderPackage(dir, name, version, extra = {}) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version, main: 'index.js', ...extra }));
    writeFileSync(join(dir, 'index.js'), `module.exports = ${JSON.stringify(`${name}@${version}`)};\n`);
    return dir;
}
const IDENTITY = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
/** Runs git in `repo`, returning its trimmed stdout. */
export function git(repo, ...args) {
    return execFileSync('git', args, { cwd: repo, env: { ...process.env, ...IDENTITY } }).toString().trim();
}
/** Commits the folder package `name@version` (with `extra` package.json fields) and returns the commit. */
export function commitVersion(repo, name, version, extra = {}, tag) {
    folderPackage(repo, name, version, extra);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', version);
    if (tag)
        git(repo, 'tag', tag);
    return git(repo, 'rev-parse', 'HEAD');
}
/** A new repository on branch main. */
export function initRepo(repo) {
    mkdirSync(repo, { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    return repo;
}
/** Environment making git read `from` URLs from `to` (git's url.<to>.insteadOf), for hosted specs without network. */
export function gitUrlRewrites(pairs) {
    const env = { GIT_CONFIG_COUNT: String(pairs.length) };
    pairs.forEach(([from, to], i) => {
        env[`GIT_CONFIG_KEY_${i}`] = `url.${to}.insteadOf`;
        env[`GIT_CONFIG_VALUE_${i}`] = from;
    });
    return env;
}
//# sourceMappingURL=git-repo.js.map
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { parseRequest, absoluteSource, namedBySource, repoKey } from '../../src/resolve/index.js';
import { SsdpError } from '../../src/util/errors.js';

const range = (raw: string) => parseRequest(raw).range;
const fits = (raw: string, v: string) => semver.satisfies(v, range(raw));

test('conda match specs become semver ranges with conda meaning', () => {
  assert.deepEqual(parseRequest('node=22'), { name: 'node', range: '22.x', raw: 'node=22' });
  assert.ok(fits('node=22', '22.11.0') && !fits('node=22', '23.0.0') && !fits('node=22', '21.9.9'));
  assert.ok(fits('lib=1.2', '1.2.9') && !fits('lib=1.2', '1.3.0'));
  assert.ok(fits('lib==1.2.3', '1.2.3') && !fits('lib==1.2.3', '1.2.4'));
  assert.ok(fits('lib==1.2', '1.2.0') && !fits('lib==1.2', '1.2.1'));
  assert.ok(fits('lib>=1,<2', '1.9.0') && !fits('lib>=1,<2', '2.0.0') && !fits('lib>=1,<2', '0.9.0'));
  assert.ok(fits('lib 1.2.*', '1.2.7') && !fits('lib 1.2.*', '1.3.0'));
  assert.ok(fits('lib >=1.5, <3', '2.0.0'));
  assert.ok(fits('lib>=1,!=1.5.0', '1.4.0') && fits('lib>=1,!=1.5.0', '1.6.0') && !fits('lib>=1,!=1.5.0', '1.5.0'));
  assert.ok(fits('lib<1|>=3', '0.5.0') && fits('lib<1|>=3', '3.1.0') && !fits('lib<1|>=3', '2.0.0'));
  assert.ok(fits('lib~=1.4', '1.9.0') && !fits('lib~=1.4', '2.0.0') && !fits('lib~=1.4', '1.3.0'));
  assert.equal(range('lib'), '*');
  assert.equal(parseRequest('  utif2  ').raw, 'utif2');
  assert.equal(parseRequest('npm::lodash=4').name, 'lodash');
});

test('npm specs, scoped names and dist-tags', () => {
  assert.deepEqual(parseRequest('utif2@^4'), { name: 'utif2', range: '^4', raw: 'utif2@^4' });
  assert.deepEqual(parseRequest('@scope/pkg@^4.1'), { name: '@scope/pkg', range: '^4.1', raw: '@scope/pkg@^4.1' });
  assert.deepEqual(parseRequest('@scope/pkg'), { name: '@scope/pkg', range: '*', raw: '@scope/pkg' });
  assert.equal(parseRequest('@scope/pkg=2').range, '2.x');
  assert.equal(parseRequest('typescript@next').range, 'next');
  assert.equal(parseRequest('a@>=1 <3 || 5').range, '>=1 <3 || 5');
  // npm: aliases: the folder name, the registry package and its range (s10 env13 B11g).
  assert.deepEqual(parseRequest('lib@npm:other@1'), { name: 'lib', pkg: 'other', range: '1', raw: 'lib@npm:other@1' });
  assert.deepEqual(parseRequest('@a/lib@npm:@b/other'), { name: '@a/lib', pkg: '@b/other', range: '*', raw: '@a/lib@npm:@b/other' });
});

test('malformed specs throw E_BAD_SPEC naming the spec', () => {
  const bad = [
    '', 'lib@', '@scope/pkg@', 'lib@npm:', 'lib@npm:Bad Name', 'lib@npm:other@^^1', 'lib@user/repo/extra',
    'lib=1.2=py_0', 'lib>=abc', 'lib==1.2.3.4', 'Bad Name!', 'lib>=1,,<2', 'lib@^^1', '.hidden', 'conda-forge::numpy',
  ];
  for (const raw of bad) {
    assert.throws(
      () => parseRequest(raw),
      (e: unknown) => e instanceof SsdpError && e.code === 'E_BAD_SPEC' && e.message.includes(`'${raw}'`) && !!e.hint,
      `expected E_BAD_SPEC for ${JSON.stringify(raw)}`,
    );
  }
  // X6 (s19 try13x): a URL with an upper-case scheme was "not a valid package name" with a hint
  // about name specs; it is named as a URL, with the lower-case spelling to write.
  for (const [raw, lower] of [
    ['HTTP://127.0.0.1:1/tp.tgz', 'http://127.0.0.1:1/tp.tgz'],
    ['GIT+FILE:///srv/repo#v1', 'git+file:///srv/repo#v1'],
    ['tp@Https://h/tp.tgz', 'tp@https://h/tp.tgz'],
  ]) {
    assert.throws(
      () => parseRequest(raw!),
      (e: unknown) => e instanceof SsdpError && e.code === 'E_BAD_SPEC' && /a URL with its scheme in upper case/.test(e.message) && e.hint === `Write the scheme in lower case: ${lower}`,
      raw,
    );
  }
});

test('git, URL, github: and file: specs parse as sources for pacote; relative file: paths become absolute; bad ones are E_BAD_SOURCE_SPEC', () => {
  assert.deepEqual(parseRequest('lib@git+https://x/y.git#v1'), { name: 'lib', range: '*', raw: 'lib@git+https://x/y.git#v1', source: 'git+https://x/y.git#v1' });
  assert.equal(parseRequest('github:user/repo#semver:^1').source, 'github:user/repo#semver:^1');
  // npm's GitHub shorthand, bare and named, and a #semver: range with a space.
  assert.deepEqual(parseRequest('user/repo'), { name: 'user/repo', range: '*', raw: 'user/repo', source: 'user/repo' });
  assert.equal(parseRequest('lib@user/repo#v1').name, 'lib');
  assert.equal(parseRequest('lib@user/repo#v1').source, 'user/repo#v1');
  assert.equal(parseRequest('git+file:///r#semver:>=1.2 <2').source, 'git+file:///r#semver:>=1.2 <2');
  assert.equal(parseRequest('git+file:///tmp/repo#abc').source, 'git+file:///tmp/repo#abc');
  assert.equal(parseRequest('https://127.0.0.1:9/p.tgz').source, 'https://127.0.0.1:9/p.tgz');
  assert.equal(parseRequest('./folder').source, './folder');
  assert.equal(absoluteSource('./folder', '/base'), 'file:/base/folder');
  assert.equal(absoluteSource('lib@file:../x.tgz', '/base/sub'), 'lib@file:/base/x.tgz');
  assert.equal(absoluteSource('lodash@^4', '/base'), 'lodash@^4');
  // FT1: file:~/ is the home folder, as npm reads it (nothing else expands ~ after file:).
  assert.equal(absoluteSource('file:~/pk', '/base'), `file:${join(homedir(), 'pk')}`);
  assert.equal(absoluteSource('lib@file:~/a/b.tgz', '/base'), `lib@file:${join(homedir(), 'a', 'b.tgz')}`);
  assert.equal(absoluteSource('file:~x/pk', '/base'), 'file:/base/~x/pk');
  // try13t MIN: a ref starting with '-' (git would read an option) and an unknown #fragment key are refused.
  for (const raw of ['git+file:///tmp/repo#-x', 'github:a/b#--upload-pack=x', 'a/b#main::-x', 'git+file:///tmp/repo#main::foo:bar']) {
    assert.throws(() => parseRequest(raw), (e: unknown) => e instanceof SsdpError && e.code === 'E_BAD_SOURCE_SPEC' && /starts with '-'|'foo:' is not a key/.test(e.message), raw);
  }
  for (const raw of ['git+file:///tmp/repo#main::path:packages/a', 'github:a/b#semver:^1.2', 'git+https://h.example/r.git#v1-rc::path:x']) parseRequest(raw);
  for (const raw of ['github:just-a-name', 'github:a/b c', 'https://']) {
    assert.throws(() => parseRequest(raw), (e: unknown) => e instanceof SsdpError && e.code === 'E_BAD_SOURCE_SPEC' && e.message.includes(`'${raw}'`) && !!e.hint, raw);
  }
});

test('one repository however it is written: github:u/r, u/r, git+https:// and the git+ssh:// URL pacote resolves GitHub specs to give one key', () => {
  const key = 'github.com/someone/lib';
  for (const spec of ['github:someone/lib#v1', 'someone/lib', 'git+https://github.com/someone/lib.git#main', 'git+ssh://git@github.com/someone/lib.git#0123456789012345678901234567890123456789', 'git+https://GitHub.com/someone/lib', 'https://github.com/someone/lib#v1']) {
    assert.equal(repoKey(spec), key, spec);
  }
  assert.equal(repoKey('gitlab:team/x'), 'gitlab.com/team/x');
  assert.equal(repoKey('git+file:///tmp/repo#v1'), 'file:/tmp/repo');
  assert.equal(repoKey('https://host/pkg.tgz'), undefined);
  assert.ok(namedBySource('git+ssh://git@github.com/someone/lib.git#0123456789012345678901234567890123456789', ['lib@github:someone/lib#v1']));
  assert.ok(!namedBySource('git+ssh://git@github.com/other/lib.git#0123456789012345678901234567890123456789', ['github:someone/lib#v1']));
  // A package in a subfolder (::path:) is its own package of the repository (s18 try13v V10, V1).
  const sha = '0123456789012345678901234567890123456789';
  assert.equal(repoKey('git+file:///tmp/repo#v1::path:./packages/a/'), 'file:/tmp/repo::path:packages/a');
  assert.ok(namedBySource(`git+file:///tmp/repo#${sha}::path:packages/a`, ['a@git+file:///tmp/repo#v1::path:packages/a']));
  assert.ok(!namedBySource(`git+file:///tmp/repo#${sha}::path:packages/a`, ['git+file:///tmp/repo#v1']));
  assert.ok(!namedBySource(`git+file:///tmp/repo#${sha}`, ['git+file:///tmp/repo#v1::path:packages/a']));
});

test('scp-like git URLs, as a host\'s Clone-with-SSH button gives them, are git specs over ssh as npm reads them (s18 try13v V7)', () => {
  const cases: Array<[string, string | undefined, string, string]> = [
    ['git@github.com:someuser/private.git', undefined, 'git+ssh://git@github.com:someuser/private.git', 'github.com/someuser/private'],
    ['git@gitlab.example.com:grp/x.git#v1::path:a', undefined, 'git+ssh://git@gitlab.example.com:grp/x.git#v1::path:a', 'gitlab.example.com/grp/x::path:a'],
    ['x@git@github.com:someuser/private.git', 'x', 'git+ssh://git@github.com:someuser/private.git', 'github.com/someuser/private'],
    ['git+ssh://git@github.com:someuser/private.git', undefined, 'git+ssh://git@github.com:someuser/private.git', 'github.com/someuser/private'],
  ];
  for (const [raw, name, source, key] of cases) {
    const r = parseRequest(raw);
    assert.equal(r.source, source, raw);
    assert.equal(r.name, name ?? source, raw);
    assert.equal(repoKey(r.source!), key, raw);
    if (name === undefined) assert.equal(repoKey(raw), key, raw);
  }
  // pacote resolves a GitHub one to the git+ssh:// URL with a slash: the same repository.
  assert.ok(namedBySource('git+ssh://git@github.com/someuser/private.git#0123456789012345678901234567890123456789', ['git@github.com:someuser/private.git']));
  // A port stays a port.
  assert.equal(repoKey('git+ssh://git@127.0.0.1:1/x.git'), '127.0.0.1/x');
  assert.equal(parseRequest('git+ssh://git@127.0.0.1:1/x.git').source, 'git+ssh://git@127.0.0.1:1/x.git');
});

test('a tarball URL whose password holds an @ is refused without any of the password (one URL masker, util/errors maskedUrl)', () => {
  assert.throws(
    () => parseRequest('http://user:p@ss-w0rd@127.0.0.1:9/good.tgz'),
    (e: unknown) => {
      assert.ok(e instanceof SsdpError && e.code === 'E_BAD_SOURCE_SPEC');
      assert.ok(!/ss-w0rd/.test(e.message), e.message);
      assert.match(e.message, /'http:\/\/user:\*\*\*@127\.0\.0\.1:9\/good\.tgz'/);
      return true;
    },
  );
});

test("V3 (s18 try13v): npm's file shorthands ~/folder and a bare pkg-1.0.0.tgz are files, not registry names", () => {
  assert.equal(absoluteSource('~/my pk', '/base'), `file:${join(homedir(), 'my pk')}`);
  assert.equal(absoluteSource('hp-1.0.0.tgz', '/base'), 'file:/base/hp-1.0.0.tgz');
  assert.equal(absoluteSource('x@pk.tar.gz', '/base'), 'x@file:/base/pk.tar.gz');
  assert.equal(parseRequest('hp-1.0.0.tgz').source, 'file:./hp-1.0.0.tgz');
  assert.equal(parseRequest('~/my pk').source, 'file:~/my pk');
  // Registry names stay names.
  assert.equal(parseRequest('lodash').source, undefined);
  assert.equal(parseRequest('tar').source, undefined);
});

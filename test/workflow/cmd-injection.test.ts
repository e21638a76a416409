/**
 * Places where sh reads text whatever the quotes (tester s11 try8 Q1, Q1b, Q1c): a # comment, the
 * body of a here-document, arithmetic. A value must not become code there either.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { substituteCmd } from '../../src/workflow/cmd-template.js';
import { SsdpError } from '../../src/util/errors.js';
import { runCli, tempDir } from '../helpers/cli.js';

const fail = (name: string): never => assert.fail(`unknown ${name}`);

function sh(cmd: string, cwd: string): string {
  const r = spawnSync('/bin/sh', ['-c', cmd], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd}\n${r.stderr}`);
  return r.stdout;
}

function refused(template: string, value: string, code: string): void {
  assert.throws(() => substituteCmd(template, { v: value }, 'test', fail), (e: unknown) => e instanceof SsdpError && e.code === code, `${template} with ${JSON.stringify(value)}`);
}

/** Runs `ssdp run TASK --json --param v=VALUE` in a project holding `yaml`; returns the parsed answer. */
function runWith(yaml: string, task: string, value: string): { status: number | null; err: { code: string; message: string }; dir: string } {
  const dir = tempDir('ssdp-inj-');
  writeFileSync(join(dir, 'ssdp.yaml'), yaml);
  const r = runCli(['run', task, '--json', '--param', `v=${value}`], { cwd: dir });
  const answer = JSON.parse(r.stdout) as { error: { code: string; message: string } };
  return { status: r.status, err: answer.error, dir };
}

test('Q1: a value with a line break in a # comment is refused at FILE:LINE:COL and nothing runs', () => {
  const yaml = 'params: {v: x}\ntasks:\n  a:\n    cmd: |\n      echo start  # processing ${v}\n      echo done > done.txt\n';
  const r = runWith(yaml, 'a', 'x\ntouch PWNED #');
  assert.notEqual(r.status, 0);
  assert.equal(r.err.code, 'E_BAD_PARAM');
  assert.match(r.err.message, /ssdp\.yaml:5:32: the value of \$\{v\} .*# comment/);
  assert.deepEqual(readdirSync(r.dir).filter((f) => f !== '.ssdp'), ['ssdp.yaml'], 'neither PWNED nor done.txt: nothing ran');
  // A value on one line is harmless there and the step runs.
  const dir = tempDir('ssdp-inj-');
  writeFileSync(join(dir, 'ssdp.yaml'), yaml);
  const ok = runCli(['run', 'a', '--param', "v=it's $(touch PWNED)"], { cwd: dir });
  assert.equal(ok.status, 0, ok.stderr);
  assert.ok(existsSync(join(dir, 'done.txt')));
  assert.equal(existsSync(join(dir, 'PWNED')), false);
});

test('Q1b: inside $((...)) only a whole number is let in (arithmetic runs a[$(...)] whatever the quotes)', () => {
  const yaml = 'params: {v: "3"}\ntasks:\n  b:\n    cmd: "echo $(( ${v} * 2 )) > n.txt"\n';
  const r = runWith(yaml, 'b', 'a[$(touch PWN7)]');
  assert.equal(r.err.code, 'E_BAD_PARAM');
  assert.match(r.err.message, /ssdp\.yaml:4:20: the value of \$\{v\} .*not a whole number/);
  assert.equal(existsSync(join(r.dir, 'PWN7')), false);
  const dir = tempDir('ssdp-inj-');
  const out = sh(substituteCmd('echo $(( ${v} * 2 ))', { v: '-21' }, 'test', fail), dir);
  assert.equal(out, '-42\n');
});

test('Q1c: a here-document body with a quoted delimiter takes a value as is, but not one that ends it early', () => {
  const yaml = "params: {v: x}\ntasks:\n  c:\n    cmd: |\n      cat <<'EOF' > body.txt\n      input = ${v}\n      EOF\n";
  const r = runWith(yaml, 'c', "x\nEOF\ntouch PWN9\ncat <<'EOF'");
  assert.equal(r.err.code, 'E_BAD_PARAM');
  assert.match(r.err.message, /ssdp\.yaml:6:15: the value of \$\{v\} .*end the here-document/);
  assert.equal(existsSync(join(r.dir, 'PWN9')), false);
  // Several lines, none the end line: they go in as they are.
  const dir = tempDir('ssdp-inj-');
  const cmd = substituteCmd("cat <<'EOF'\ninput = ${v}\nEOF\n", { v: "two\nlines $(x) 'q'\n EOF" }, 'test', fail);
  assert.equal(sh(cmd, dir), "input = two\nlines $(x) 'q'\n EOF\n");
  // <<- strips leading tabs from the end line, so a tab-indented EOF ends it too.
  refused("cat <<-'EOF'\n\tinput = ${v}\n\tEOF\n", 'a\n\t\tEOF\ntouch x', 'E_BAD_PARAM');
});

test('other places sh reads as arithmetic: ((...)), $[...], ${x[...]}, ${x:OFFSET}, [[ A -eq B ]]', () => {
  for (const template of ['(( ${v} > 1 ))', 'echo $[${v} + 1]', 'echo ${arr[${v}]}', 'echo ${s:${v}:2}', '[[ ${v} -eq 1 ]]', 'echo "$(( ${v} ))"']) {
    refused(template, 'a[$(touch x)]', 'E_BAD_PARAM');
    assert.equal(substituteCmd(template, { v: '7' }, 'test', fail).includes('7'), true);
  }
  // Not arithmetic: a default value and a string test keep the usual quoting.
  assert.equal(substituteCmd('echo ${x:-${v}}', { v: 'a b' }, 'test', fail), "echo ${x:-'a b'}");
  assert.equal(substituteCmd('[[ ${v} == x ]]', { v: 'a b' }, 'test', fail), "[[ 'a b' == x ]]");
  assert.equal(substituteCmd("echo '$((${v}))'", { v: 'a b' }, 'test', fail), "echo '$((a b))'", "inside '...' $(( is text");
});

test('# starts a comment only at the start of a word; a comment hides <<', () => {
  const dir = tempDir('ssdp-inj-');
  const nl = 'a\nb';
  // a#b, $# and ${#x} are no comments: the value there is quoted as usual, line break and all.
  assert.equal(sh(substituteCmd('set -- p q; printf "<%s>" a#${v} $#', { v: nl }, 'test', fail), dir), `<a#${nl}><2>`);
  // `# cat <<EOF` in a comment opens no here-document, so the next line is a plain command.
  assert.equal(sh(substituteCmd('echo one # cat <<EOF\nprintf "<%s>" ${v}', { v: nl }, 'test', fail), dir), `one\n<${nl}>`);
  refused('echo x;# ${v}', 'a\ntouch y', 'E_BAD_PARAM');
  refused('echo "$(echo x # ${v}\n)"', 'a\ntouch y', 'E_BAD_PARAM');
  // ${v:raw} is shell text by the author's choice: no check.
  assert.equal(substituteCmd('echo x # ${v:raw}', { v: 'a\nb' }, 'test', fail), 'echo x # a\nb');
});

test('Q1d: a partly quoted here-document delimiter (<<\'EO\'F, <<"E"OF, <<E\'OF\') is the whole word, quoted: the body is literal and a value line reading it is refused', () => {
  const dir = tempDir('ssdp-inj-');
  for (const opening of ["<<'EO'F", '<<"E"OF', "<<'E''OF'", "<<E'OF'", '<<E\\OF', '<<"E\\"OF"']) {
    const end = opening === '<<"E\\"OF"' ? 'E"OF' : 'EOF';
    const template = `cat ${opening}\ninput = \${v}\n${end}\necho ok`;
    // what sh makes of the opening: the end line, and a literal body
    assert.equal(sh(`cat ${opening}\n$(echo no)\n${end}\necho ok`, dir), '$(echo no)\nok\n', opening);
    refused(template, `x\n${end}\ntouch PWN\ncat <<EOF`, 'E_BAD_PARAM');
    assert.equal(sh(substituteCmd(template, { v: "two\nlines $(touch PWN) 'q'" }, 'test', fail), dir), "input = two\nlines $(touch PWN) 'q'\nok\n", opening);
  }
  assert.equal(existsSync(join(dir, 'PWN')), false);
  // A delimiter sh and bash read differently, or one ssdp would fill in, is refused.
  refused('cat <<$EOF\n${v}\n$EOF', 'x', 'E_BAD_SPEC');
  // the tester's run: nothing created
  const yaml = "params: {v: x}\ntasks:\n  a:\n    cmd: |\n      cat <<'EO'F\n      input = ${v}\n      EOF\n      echo ok\n";
  const r = runWith(yaml, 'a', "x\nEOF\ntouch PWN\ncat <<EOF");
  assert.equal(r.err.code, 'E_BAD_PARAM');
  assert.equal(existsSync(join(r.dir, 'PWN')), false);
});

test('Q4 (s20 try8q): sh\'s own expansion of a param (${v%/}, ${v:-x}, ${#v}) is refused at FILE:LINE:COL, not left to sh to expand as an unset variable; ${v:q} is ${v}', () => {
  for (const template of ['rm -rf "${v%/}/tmp"', 'echo ${v:-default}', 'echo ${#v}', 'echo ${!v}', 'echo "$(echo ${v##*/})"', 'echo `echo ${v/a/b}`', 'cat <<EOF\n${v%/}\nEOF']) {
    refused(template, 'work/', 'E_BAD_SPEC');
  }
  // sh's expansions of its own variables, and sh text that only looks like one, are left alone.
  const vars = { v: 'my work/' };
  assert.equal(substituteCmd('echo ${HOME%/} ${vv:-x} \'${v%/}\' \\${v%/}', vars, 'test', fail), "echo ${HOME%/} ${vv:-x} '${v%/}' \\${v%/}");
  assert.equal(substituteCmd("cat <<'EOF'\n${v%/}\nEOF", vars, 'test', fail), "cat <<'EOF'\n${v%/}\nEOF");
  // the way the hint gives, and ${v:q} (Snakemake's spelling) is the quoted value as ${v} is
  const dir = tempDir('ssdp-inj-');
  assert.equal(sh(substituteCmd('s=${v}; echo "${s%/}" ${v:q}', vars, 'test', fail), dir), 'my work my work/\n');
  // the tester's run: refused before anything runs
  const yaml = 'params: { v: "work/", name: "run1" }\ntasks:\n  clean:\n    cmd: \'echo would run: rm -rf "${v%/}/tmp" > c.txt\'\n    outputs: [c.txt]\n';
  const r = runWith(yaml, 'clean', 'mywork/');
  assert.equal(r.err.code, 'E_BAD_SPEC');
  assert.match(r.err.message, /ssdp\.yaml:4:35: \$\{v%\/\} is sh's own expansion of a variable v, but v is a param/);
  assert.equal(existsSync(join(r.dir, 'c.txt')), false);
});

test('S3 (s21 try8s): a bare $name (or a name in arithmetic) of a param is refused at FILE:LINE:COL, as ${name%/} is; shell variables and names the command sets stay sh\'s', () => {
  const vars = { v: 'a b/', day: '2020' };
  for (const template of ['rm -rf "$v/tmp"', 'echo [$v]', 'echo $((v+1))', '((v++))', 'echo "$(echo $v)"', 'echo `echo $v`', 'cat <<EOF\n$v\nEOF']) {
    assert.throws(() => substituteCmd(template, vars, 'test', fail), (e: unknown) => e instanceof SsdpError && e.code === 'E_BAD_SPEC' && /which sh does not have/.test(e.message) && /\$\{v\}/.test(e.hint ?? ''), template);
  }
  const kept = ['echo $HOME $1 $PATH $vv $day_x \'$v\' \\$v', 'for v in 1 2; do echo $v; done', 'v=3; echo "$v $((v+1))"', 'read -r v < f; echo "${v%/}"', "cat <<'EOF'\n$v\nEOF", '# $v'];
  for (const template of kept) assert.equal(substituteCmd(template, vars, 'test', fail), template);
  assert.equal(substituteCmd('echo $((${day}+1)) ${v}', vars, 'test', fail), "echo $((2020+1)) 'a b/'");
  // the tester's run: refused before anything runs, at the line and column of the $
  const yaml = 'params: { scratch: work, v: "a b/" }\ntasks:\n  t:\n    cmd: \'echo would run: rm -rf "$scratch/tmp" > c.txt\'\n    outputs: [c.txt]\n';
  const r = runWith(yaml, 't', 'x');
  assert.equal(r.err.code, 'E_BAD_SPEC');
  assert.match(r.err.message, /ssdp\.yaml:4:35: \$scratch is sh's variable scratch, but scratch is a param/);
  assert.equal(existsSync(join(r.dir, 'c.txt')), false);
});

test('W1 (s22 try8w): sh\'s defaults of a param without the colon (${v=x}, ${v-x}, ${v?x}, ${v+x}) are refused at FILE:LINE:COL like ${v:-x}, the default forms with a hint to write ${v}; a param named v-x is still a placeholder', () => {
  const vars = { v: '3', scratch: 'work' };
  for (const template of ['echo [${v=x}]', 'rm -rf "${scratch=/tmp}/tmp"', 'echo ${v-x}', 'echo ${v-}', 'echo ${v?unset}', 'echo ${v:=x}', 'echo ${v:?x}']) {
    assert.throws(
      () => substituteCmd(template, vars, 'test', fail),
      (e: unknown) => e instanceof SsdpError && e.code === 'E_BAD_SPEC' && /is sh's own expansion of a variable (v|scratch)/.test(e.message) && /^Write \$\{(v|scratch)\}: a param always has a value/.test(e.hint ?? ''),
      template,
    );
  }
  assert.throws(() => substituteCmd('echo ${v+x}', vars, 'test', fail), (e: unknown) => e instanceof SsdpError && e.code === 'E_BAD_SPEC' && /\$\{v\+x\} is sh's own expansion/.test(e.message), '${v+x}');
  // a param whose name holds '-' is filled in; a brace group's assignment is still the command's own
  assert.equal(substituteCmd('echo ${v-x}', { ...vars, 'v-x': 'dash' }, 'test', fail), 'echo dash');
  assert.equal(substituteCmd('{ v=2; echo $v; }', vars, 'test', fail), '{ v=2; echo $v; }');
  // the tester's run: refused at the placeholder's line and column, nothing runs
  const yaml = 'params: { scratch: work, v: "3" }\ntasks:\n  t:\n    cmd: |\n      echo would run: rm -rf "${scratch=/tmp}/tmp" > c.txt; echo [${v-x}]\n    outputs: [c.txt]\n';
  const r = runWith(yaml, 't', '3');
  assert.equal(r.err.code, 'E_BAD_SPEC');
  assert.match(r.err.message, /ssdp\.yaml:5:31: \$\{scratch=\/tmp\} is sh's own expansion of a variable scratch/);
  assert.equal(existsSync(join(r.dir, 'c.txt')), false);
  const r2 = runWith(yaml.replace('${scratch=/tmp}', '${scratch}'), 't', '3');
  assert.match(r2.err.message, /ssdp\.yaml:5:62: \$\{v-x\} is sh's own expansion of a variable v/);
});

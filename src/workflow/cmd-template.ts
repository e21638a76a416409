/**
 * Fills `${name}` into a `cmd:` shell line so that each value stays ONE shell word, whatever it
 * holds (spaces, quotes, `$(...)`): Snakemake's `{x:q}` made the default. `${name:raw}` splices
 * the value as shell text, for the rare value that is meant to be several words or syntax.
 *
 * Why quoting depends on where the placeholder sits: a value inside '...' or "..." that the
 * author already wrote must not gain a second layer of quotes (it would show up literally), yet
 * must still not be able to close the author's quotes. So the line is scanned as sh reads it.
 */
import { SsdpError } from '../util/errors.js';

type Context = 'plain' | 'single' | 'double';

const PLACEHOLDER = /^\$\{([A-Za-z_][A-Za-z0-9_.-]*)(?::(raw|q))?\}/;

// sh's own expansions of a variable: ${v%/}, ${v:-x}, ${#v}, ${!v}, ${v[1]}, ${v/a/b} (the name, whole)
const SHELL_EXPANSION = /^\$\{[#!]?([A-Za-z_][A-Za-z0-9_]*)(?=[^A-Za-z0-9_])/;

/**
 * `${scratch%/}` where scratch is a param: sh's expansion of a variable sh does not have, so it
 * gave "" (or the default) and `rm -rf "${scratch%/}/tmp"` ran on /tmp, while `${x}` of an unknown
 * name is refused (tester s20 try8q Q4). Refused too, at its FILE:LINE:COL.
 */
function refuseShellExpansionOfParam(s: string, vars: Record<string, string>, where: string, own: ReadonlySet<string>): void {
  // `${v-x}` reads as a placeholder of a name `v-x` (names may hold '-'): unless such a param
  // exists, it is sh's default of v, refused here at its own column (tester s22 try8w W1)
  const placeholder = PLACEHOLDER.exec(s);
  if (placeholder && (Object.hasOwn(vars, placeholder[1]!) || !/^[A-Za-z_][A-Za-z0-9_]*-/.test(placeholder[1]!))) return;
  const m = SHELL_EXPANSION.exec(s);
  if (!m || !Object.hasOwn(vars, m[1]!) || own.has(m[1]!)) return;
  const name = m[1]!;
  const shown = s.slice(0, closing(s, 1, '{', '}'));
  // ${v-x}, ${v:=x}, ${v?msg}: a default or a check for an unset v; a param always has a value
  const defaulted = /^:?[-=?]/.test(s.slice(2 + name.length));
  throw new SsdpError('E_BAD_SPEC', `${where}: ${shown} is sh's own expansion of a variable ${name}, but ${name} is a param or foreach variable, which sh does not have: the command would get "" (or the default) instead of its value.`, {
    hint: defaulted
      ? `Write \${${name}}: a param always has a value (an unknown one is refused), so its default belongs under params: in ssdp.yaml (--param ${name}=VALUE overrides it).`
      : `ssdp fills in \${${name}} (and \${${name}:raw}) only. Copy the value into a shell variable first and expand that (v=\${${name}}; echo "\${v%/}"), or pass the value already in the form wanted.`,
  });
}

/**
 * `$scratch` (no braces) where scratch is a param: the same mistake as ${scratch%/}, sh's empty
 * variable, so `rm -rf "$scratch/tmp"` ran on /tmp (tester s21 try8s S3). As in Snakemake, where
 * `{scratch}` is the placeholder and `$scratch` is always sh's, a param is not a shell variable
 * (ssdp does not export params); a name the command sets itself (own) is sh's and left alone.
 * `s` starts at the `$`.
 */
function refuseBareParam(s: string, vars: Record<string, string>, where: string, own: ReadonlySet<string>): void {
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(s);
  if (!m || !Object.hasOwn(vars, m[1]!) || own.has(m[1]!)) return;
  const name = m[1]!;
  throw new SsdpError('E_BAD_SPEC', `${where}: $${name} is sh's variable ${name}, but ${name} is a param or foreach variable, which sh does not have: the command would get "" instead of its value.`, {
    hint: `Write \${${name}} for the param's value (ssdp fills it in, quoted as one word). If a shell variable of that name is meant, set it in the command (${name}=...; echo "$${name}") or rename the param.`,
  });
}

/** Bare names of params read as numbers in arithmetic ($((v+1)) reads sh's v, 0 when unset). */
function refuseArithmeticParam(segment: string, vars: Record<string, string>, at: (offset: number) => string, base: number, own: ReadonlySet<string>): void {
  for (const m of segment.matchAll(/(?<![A-Za-z0-9_${.-])([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_}])/g)) {
    const name = m[1]!;
    if (!Object.hasOwn(vars, name) || own.has(name)) continue;
    throw new SsdpError('E_BAD_SPEC', `${at(base + m.index!)}: ${name} in arithmetic is sh's variable ${name}, but ${name} is a param or foreach variable, which sh does not have: it would count as 0.`, {
      hint: `Write \${${name}} for the param's value (a whole number is filled in as it is), or set a shell variable of that name in the command first.`,
    });
  }
}

/**
 * Names the command sets as shell variables itself (v=..., export v=..., for v in, read v,
 * getopts ... v, local/declare/readonly v): there $v and ${v%/} are sh's, even if a param shares the name.
 */
function ownShellVariables(text: string): Set<string> {
  const own = new Set<string>();
  for (const m of text.matchAll(/(?:^|[\s;&|()`]|(?<!\$)\{)(?:(?:export|local|readonly|declare|typeset)\s+(?:-[A-Za-z]+\s+)*)?([A-Za-z_][A-Za-z0-9_]*)\+?=/g)) own.add(m[1]!);
  for (const m of text.matchAll(/(?:^|[\s;&|()`]|(?<!\$)\{)(?:for|select)\s+([A-Za-z_][A-Za-z0-9_]*)\b/g)) own.add(m[1]!);
  for (const m of text.matchAll(/(?:^|[\s;&|()`]|(?<!\$)\{)read((?:\s+-[A-Za-z]+(?:\s+[^-\s;&|]\S*)?)*)((?:\s+[A-Za-z_][A-Za-z0-9_]*)+)/g)) for (const n of m[2]!.trim().split(/\s+/)) own.add(n);
  for (const m of text.matchAll(/(?:^|[\s;&|()`]|(?<!\$)\{)getopts\s+\S+\s+([A-Za-z_][A-Za-z0-9_]*)/g)) own.add(m[1]!);
  for (const m of text.matchAll(/(?:^|[\s;&|()`]|(?<!\$)\{)(?:export|local|readonly|declare|typeset)((?:\s+(?:-[A-Za-z]+|[A-Za-z_][A-Za-z0-9_]*))+)(?=$|[\s;&|)])/gm)) for (const n of m[1]!.trim().split(/\s+/)) if (!n.startsWith('-')) own.add(n);
  return own;
}

// Values made only of these need no quotes (as Python's shlex.quote): logs stay readable.
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word in every context: 'it'\''s' unquoted, it'\''s inside '...', it\"s inside "...". */
export function quoteIn(value: string, ctx: Context): string {
  if (SAFE.test(value)) return value;
  if (ctx === 'single') return value.replace(/'/g, `'\\''`);
  if (ctx === 'double') return value.replace(/[\\"$`]/g, '\\$&');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

// Where sh reads a value as a number, quotes or not: $((...)), ((...)), $[...], bash's ${x[...]}
// and ${x:OFFSET:LENGTH}, and the operands of [[ A -eq B ]]. Arithmetic runs the $(...) of an
// `a[$(...)]` it meets, so there only a whole number is let in.
const WHOLE_NUMBER = /^[+-]?[0-9]+$/;
const WORD_BREAK = /[\s;&|()<>]/;

/** Index just past the bracket closing the one at `open` (or the end of the text). */
function closing(text: string, open: number, left: string, right: string): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === left) depth++;
    else if (text[j] === right && --depth === 0) return j + 1;
  }
  return text.length;
}

export function substituteCmd(
  text: string,
  vars: Record<string, string>,
  where: string,
  unknown: (name: string) => never,
  at: (offset: number) => string = () => where,
): string {
  let out = '';
  const own = ownShellVariables(text);
  // `$(` opens a fresh unquoted context even inside "...", so contexts nest.
  const stack: Array<Context | 'subst' | 'backtick'> = ['plain'];
  const top = () => stack[stack.length - 1]!;
  const ctx = (): Context => (top() === 'subst' || top() === 'backtick' ? 'plain' : (top() as Context));
  const wordStart = (k: number) => k === 0 || WORD_BREAK.test(text[k - 1]!);
  // Placeholders before this index are read as arithmetic (see WHOLE_NUMBER).
  let numericEnd = -1;
  const badValue = (offset: number, name: string, value: string, why: string, hint: string): SsdpError =>
    new SsdpError('E_BAD_PARAM', `${at(offset)}: the value of \${${name}} (${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value)}) ${why}`, { hint });
  /** Fills the placeholders of `segment` (found at `base` in text) with `fill`'s answer. */
  const fillIn = (segment: string, base: number, fill: (name: string, value: string, form: string | undefined, offset: number) => string): string =>
    segment.replace(new RegExp(PLACEHOLDER.source.slice(1), 'g'), (_whole: string, name: string, form: string | undefined, pos: number) =>
      fill(name, vars[name] ?? unknown(name), form, base + pos),
    );
  /** Copies a here-document body from `at` through its end line; returns where the text goes on. */
  const copyHereDoc = (doc: { word: string; quoted: boolean; strip: boolean }, from: number): number => {
    let j = from;
    while (j < text.length) {
      const nl = text.indexOf('\n', j);
      const end = nl < 0 ? text.length : nl;
      const line = text.slice(j, end);
      const lineAt = j;
      j = nl < 0 ? text.length : nl + 1;
      const isEnd = (l: string) => (doc.strip ? l.replace(/^\t+/, '') : l) === doc.word;
      if (isEnd(line)) {
        out += text.slice(end - line.length, j);
        return j;
      }
      // A quoted delimiter keeps the body literal: the value goes in as it is. An unquoted one
      // expands $(...), `...` and \ in the body, and quotes would show up literally: refused.
      if (!doc.quoted) {
        for (let k = line.indexOf('${'); k >= 0; k = line.indexOf('${', k + 2)) if (line[k - 1] !== '\\') refuseShellExpansionOfParam(line.slice(k), vars, at(lineAt + k), own);
        for (let k = line.indexOf('$'); k >= 0; k = line.indexOf('$', k + 1)) if (line[k - 1] !== '\\') refuseBareParam(line.slice(k), vars, at(lineAt + k), own);
      }
      let multiLine: { name: string; value: string; offset: number } | undefined;
      const filled = fillIn(line, lineAt, (name, value, form, offset) => {
        if (form === 'raw') return value;
        if (!doc.quoted) {
          throw new SsdpError('E_BAD_SPEC', `${at(offset)}: \${${name}} sits in the body of the here-document <<${doc.word}, where sh runs $(...) and \`...\` found in a value.`, {
            hint: `Quote the delimiter (<<'${doc.word}') so the body is taken literally with the value in it as is, or \${${name}:raw} if the value is meant as shell text.`,
          });
        }
        if (value.includes('\n')) multiLine ??= { name, value, offset };
        return value;
      });
      // Quoting cannot help in a body: a value line reading like the end line would end it there
      // and hand the value's next lines to sh as commands.
      if (multiLine && filled.split('\n').some(isEnd)) {
        throw badValue(multiLine.offset, multiLine.name, multiLine.value, `has a line ${JSON.stringify(doc.word)}, which would end the here-document <<'${doc.word}' early and run the lines after it as commands.`,
          `Give a value without a line reading ${doc.word}, or pick a delimiter no value holds (e.g. <<'SSDP_END').`);
      }
      out += filled + (nl < 0 ? '' : '\n');
    }
    return j;
  };
  // Here-documents opened on the current line: their bodies start after its newline.
  const pendingDocs: Array<{ word: string; quoted: boolean; strip: boolean }> = [];
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    const state = top();
    if (c === '\n' && pendingDocs.length && (state === 'plain' || state === 'subst')) {
      out += c;
      i++;
      for (const doc of pendingDocs.splice(0)) i = copyHereDoc(doc, i);
      continue;
    }
    const unquoted = state === 'plain' || state === 'subst';
    if (c === '#' && unquoted && wordStart(i)) {
      // A comment runs to the end of the line, quotes or not: a value's line break would end it
      // and hand the rest of the value to sh as commands (a value without one is harmless there).
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? text.length : nl;
      out += fillIn(text.slice(i, end), i, (name, value, form, offset) => {
        if (form !== 'raw' && value.includes('\n')) {
          throw badValue(offset, name, value, 'holds a line break, and here it sits in a # comment: the break would end the comment and run the rest of the value as commands.',
            `Give a value on one line, or take \${${name}} out of the comment.`);
        }
        return value;
      });
      i = end;
      continue;
    }
    if (unquoted || state === 'double') {
      if (text.startsWith('$((', i) || text.startsWith('$[', i)) {
        const end = closing(text, i + 1, text[i + 1]!, text[i + 1] === '(' ? ')' : ']');
        refuseArithmeticParam(text.slice(i + 2, end), vars, at, i + 2, own);
        numericEnd = Math.max(numericEnd, end);
      } else if (unquoted && text.startsWith('((', i) && wordStart(i)) {
        const end = closing(text, i, '(', ')');
        refuseArithmeticParam(text.slice(i + 1, end), vars, at, i + 1, own);
        numericEnd = Math.max(numericEnd, end);
      }
      // (not ${v:q} or ${v:raw}: ssdp's placeholders, which sh never sees)
      else if (c === '$' && text[i + 1] === '{' && /^\$\{#?[A-Za-z_][A-Za-z0-9_]*(\[|:[^-=?+])/.test(text.slice(i)) && !PLACEHOLDER.test(text.slice(i))) {
        numericEnd = Math.max(numericEnd, closing(text, i + 1, '{', '}'));
      } else if (unquoted && text.startsWith('[[', i) && wordStart(i)) {
        const end = text.indexOf(']]', i);
        const close = end < 0 ? text.length : end + 2;
        if (/\s-(eq|ne|lt|le|gt|ge)\s/.test(text.slice(i, close))) numericEnd = Math.max(numericEnd, close);
      }
    }
    if (c === '$' && text[i + 1] === '{' && state !== 'single') refuseShellExpansionOfParam(text.slice(i), vars, at(i), own);
    if (c === '$' && state !== 'single') refuseBareParam(text.slice(i), vars, at(i), own);
    // Placeholders belong to ssdp, not to sh: they are filled in every context, '...' included.
    const m = c === '$' ? PLACEHOLDER.exec(text.slice(i)) : null;
    if (m) {
      const [whole, name, form] = m as unknown as [string, string, string | undefined];
      const value = vars[name] ?? unknown(name);
      if (form !== 'raw' && i < numericEnd) {
        if (!WHOLE_NUMBER.test(value)) {
          throw badValue(i, name, value, 'is not a whole number, and here sh reads it as arithmetic, which runs the $(...) of a value like a[$(cmd)] whatever the quotes.',
            `Give a whole number (\${${name}:raw} takes the value as shell text, if that is what it is meant to be).`);
        }
        out += value;
        i += whole.length;
        continue;
      }
      if (form !== 'raw' && stack.includes('backtick')) {
        // Inside `...` sh strips a level of backslashes and re-reads the text: no quoting survives that.
        throw new SsdpError('E_BAD_SPEC', `${at(i)}: \${${name}} sits inside \`...\`, where ssdp cannot quote a value safely.`, {
          hint: `Write $(...) instead of \`...\` (values inside $(...) are quoted), or \${${name}:raw} if the value is meant as shell text.`,
        });
      }
      out += form === 'raw' ? value : quoteIn(value, ctx());
      i += whole.length;
      continue;
    }
    if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<' && text[i - 1] !== '<' && (state === 'plain' || state === 'subst')) {
      const doc = hereDocOpening(text.slice(i), at(i));
      if (doc) {
        pendingDocs.push(doc);
        out += text.slice(i, i + doc.length);
        i += doc.length;
        continue;
      }
    }
    if (state === 'single') {
      if (c === "'") stack.pop();
    } else if (c === '\\') {
      out += text.slice(i, i + 2);
      i += 2;
      continue;
    } else if (c === '$' && text[i + 1] === '(') {
      stack.push('subst');
      out += '$(';
      i += 2;
      continue;
    } else if (state === 'double' && c !== '`') {
      if (c === '"') stack.pop();
    } else if (c === '`' && state === 'backtick') stack.pop();
    else if (c === '`') stack.push('backtick');
    else if (state === 'backtick') {
      /* its text is re-read by sh later; only its end matters here */
    } else if (c === "'") stack.push('single');
    else if (c === '"') stack.push('double');
    else if (c === ')' && state === 'subst') stack.pop();
    out += c;
    i++;
  }
  if (top() === 'single' || top() === 'double') {
    throw new SsdpError('E_BAD_SPEC', `${where}: the cmd line has an unclosed ${top() === 'single' ? "'" : '"'} quote.`, {
      hint: 'Close the quote; values filled in for ${...} are quoted by ssdp, so they need no quotes of their own.',
    });
  }
  return out;
}

/**
 * `<<WORD` at the start of `s`: the end line is WORD after quote removal, and any quote or
 * backslash in it makes the body literal (sh reads <<'EO'F, <<"E"OF and <<E'OF' all as EOF, quoted;
 * Q1d). undefined when no word follows (then sh reports the error itself).
 */
function hereDocOpening(s: string, where: string): { word: string; quoted: boolean; strip: boolean; length: number } | undefined {
  const head = /^<<(-?)[ \t]*/.exec(s)!;
  let j = head[0].length;
  let word = '';
  let quoted = false;
  while (j < s.length && !/[\s;&|<>()]/.test(s[j]!)) {
    const c = s[j]!;
    if (c === "'" || c === '"') {
      let k = j + 1;
      for (; k < s.length && s[k] !== c; k++) {
        // in "...", a backslash keeps only $ ` " \ literal (and goes)
        if (c === '"' && s[k] === '\\' && '$`"\\'.includes(s[k + 1] ?? '')) k++;
        word += s[k];
      }
      if (k >= s.length) return undefined; // unclosed: the caller reports the open quote
      quoted = true;
      j = k + 1;
    } else if (c === '\\') {
      word += s[j + 1] ?? '';
      quoted = true;
      j += 2;
    } else {
      word += c;
      j++;
    }
  }
  if (word === '' && !quoted) return undefined;
  if (/[$`]/.test(s.slice(head[0].length, j))) {
    throw new SsdpError('E_BAD_SPEC', `${where}: the here-document delimiter ${s.slice(2, j).trim()} holds $ or \`, which shells read differently (and \${...} in it would be filled in by ssdp).`, {
      hint: "Use a plain word as the delimiter, quoted to keep the body literal: <<'EOF'.",
    });
  }
  return { word, quoted, strip: head[1] === '-', length: j };
}

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

// Values made only of these need no quotes (as Python's shlex.quote): logs stay readable.
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word in every context: 'it'\''s' unquoted, it'\''s inside '...', it\"s inside "...". */
export function quoteIn(value: string, ctx: Context): string {
  if (SAFE.test(value)) return value;
  if (ctx === 'single') return value.replace(/'/g, `'\\''`);
  if (ctx === 'double') return value.replace(/[\\"$`]/g, '\\$&');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function substituteCmd(text: string, vars: Record<string, string>, where: string, unknown: (name: string) => never): string {
  let out = '';
  // `$(` opens a fresh unquoted context even inside "...", so contexts nest.
  const stack: Array<Context | 'subst'> = ['plain'];
  const top = () => stack[stack.length - 1]!;
  const ctx = (): Context => (top() === 'subst' ? 'plain' : (top() as Context));
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    const state = top();
    // Placeholders belong to ssdp, not to sh: they are filled in every context, '...' included.
    const m = c === '$' ? PLACEHOLDER.exec(text.slice(i)) : null;
    if (m) {
      const [whole, name, form] = m as unknown as [string, string, string | undefined];
      const value = vars[name] ?? unknown(name);
      out += form === 'raw' ? value : quoteIn(value, ctx());
      i += whole.length;
      continue;
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
    } else if (state === 'double') {
      if (c === '"') stack.pop();
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

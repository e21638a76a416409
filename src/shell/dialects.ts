/**
 * The four shell languages ssdp speaks. bash, zsh and sh (dash, POSIX) share one syntax and
 * differ only in which activate.d scripts they source; fish has its own. Everything a generated
 * script interpolates goes through `quote` here, so no name, path or value is ever parsed as code.
 */
export const SHELLS = ['bash', 'zsh', 'sh', 'fish'] as const;
export type ShellName = (typeof SHELLS)[number];

export function isShellName(s: string): s is ShellName {
  return (SHELLS as readonly string[]).includes(s);
}

/**
 * Which scripts in activate.d/deactivate.d a shell sources, like conda: `*.sh` is POSIX code
 * for every POSIX-family shell, `*.bash` / `*.zsh` only for that shell, `*.fish` only for fish.
 */
export const SCRIPT_EXTENSIONS: Record<ShellName, readonly string[]> = {
  sh: ['.sh'],
  bash: ['.sh', '.bash'],
  zsh: ['.sh', '.zsh'],
  fish: ['.fish'],
};

/** Single quotes in the POSIX family: only `'` needs care, and `'\''` works in bash, zsh and dash. */
export function quotePosix(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Single quotes in fish, where `\\` and `\'` are the only escapes. */
export function quoteFish(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function quoteFor(shell: ShellName): (s: string) => string {
  return shell === 'fish' ? quoteFish : quotePosix;
}

/**
 * A name or path as one unambiguous word, the way `ls` shows file names (its shell-escape
 * style): as it is when nothing in it is special to a shell or hard to see; else in single
 * quotes (double quotes when the only special is a `'`); characters that print nothing or look
 * like something else (newline, tab, other controls, invisible format marks such as U+202E,
 * spaces other than ' ') as $'\n' / $'\u202e' pieces. Pasted into bash or zsh it is the string.
 */
export function shellWord(s: string): string {
  // The plain ASCII case first: the Unicode classes below cost V8 ~10 M instructions (ICU) to
  // compile, in every process that shows a path, and the answer for ASCII is the same.
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  if (s !== '' && /^[\p{L}\p{N}\p{M}_@%+=:,./-]+$/u.test(s)) return s;
  const hidden = /[\p{C}\p{Z}]/u;
  if (![...s].some((c) => c !== ' ' && hidden.test(c))) {
    return s.includes("'") && !/[$`\\"!]/.test(s) ? `"${s}"` : quotePosix(s);
  }
  // Runs of plain characters single-quoted, each hidden one as $'...': 'nl'$'\n''x', as ls does.
  let out = '';
  let plain = '';
  const flush = () => {
    if (plain) out += quotePosix(plain);
    plain = '';
  };
  for (const c of s) {
    if (c === ' ' || !hidden.test(c)) {
      plain += c;
      continue;
    }
    flush();
    const code = c.codePointAt(0)!;
    out += `$'${ESCAPES[c] ?? (code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`)}'`;
  }
  flush();
  return out;
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x1b': '\\033', '\0': '\\0' };

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
const PLACEHOLDER = /^\$\{([A-Za-z_][A-Za-z0-9_.-]*)(?::(raw|q))?\}/;
// Values made only of these need no quotes (as Python's shlex.quote): logs stay readable.
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** One shell word in every context: 'it'\''s' unquoted, it'\''s inside '...', it\"s inside "...". */
export function quoteIn(value, ctx) {
    if (SAFE.test(value))
        return value;
    if (ctx === 'single')
        return value.replace(/'/g, `'\\''`);
    if (ctx === 'double')
        return value.replace(/[\\"$`]/g, '\\$&');
    return `'${value.replace(/'/g, `'\\''`)}'`;
}
export function substituteCmd(text, vars, where, unknown) {
    let out = '';
    // `$(` opens a fresh unquoted context even inside "...", so contexts nest.
    const stack = ['plain'];
    const top = () => stack[stack.length - 1];
    const ctx = () => (top() === 'subst' || top() === 'backtick' ? 'plain' : top());
    /** Copies a here-document body from `at` through its end line; returns where the text goes on. */
    const copyHereDoc = (doc, at) => {
        let j = at;
        while (j < text.length) {
            const nl = text.indexOf('\n', j);
            const end = nl < 0 ? text.length : nl;
            const line = text.slice(j, end);
            j = nl < 0 ? text.length : nl + 1;
            if ((doc.strip ? line.replace(/^\t+/, '') : line) === doc.word) {
                out += text.slice(end - line.length, j);
                return j;
            }
            // A quoted delimiter keeps the body literal: the value goes in as it is. An unquoted one
            // expands $(...), `...` and \ in the body, and quotes would show up literally: refused.
            out += line.replace(new RegExp(PLACEHOLDER.source.slice(1), 'g'), (whole, name, form) => {
                const value = vars[name] ?? unknown(name);
                if (doc.quoted || form === 'raw')
                    return value;
                throw new SsdpError('E_BAD_SPEC', `${where}: \${${name}} sits in the body of the here-document <<${doc.word}, where sh runs $(...) and \`...\` found in a value.`, {
                    hint: `Quote the delimiter (<<'${doc.word}') so the body is taken literally with the value in it as is, or \${${name}:raw} if the value is meant as shell text.`,
                });
            }) + (nl < 0 ? '' : '\n');
        }
        return j;
    };
    // Here-documents opened on the current line: their bodies start after its newline.
    const pendingDocs = [];
    for (let i = 0; i < text.length;) {
        const c = text[i];
        const state = top();
        if (c === '\n' && pendingDocs.length && (state === 'plain' || state === 'subst')) {
            out += c;
            i++;
            for (const doc of pendingDocs.splice(0))
                i = copyHereDoc(doc, i);
            continue;
        }
        // Placeholders belong to ssdp, not to sh: they are filled in every context, '...' included.
        const m = c === '$' ? PLACEHOLDER.exec(text.slice(i)) : null;
        if (m) {
            const [whole, name, form] = m;
            const value = vars[name] ?? unknown(name);
            if (form !== 'raw' && stack.includes('backtick')) {
                // Inside `...` sh strips a level of backslashes and re-reads the text: no quoting survives that.
                throw new SsdpError('E_BAD_SPEC', `${where}: \${${name}} sits inside \`...\`, where ssdp cannot quote a value safely.`, {
                    hint: `Write $(...) instead of \`...\` (values inside $(...) are quoted), or \${${name}:raw} if the value is meant as shell text.`,
                });
            }
            out += form === 'raw' ? value : quoteIn(value, ctx());
            i += whole.length;
            continue;
        }
        if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<' && (state === 'plain' || state === 'subst')) {
            const doc = /^<<(-?)[ \t]*(?:'([^']*)'|"([^"]*)"|\\?([A-Za-z0-9_.-]+))/.exec(text.slice(i));
            if (doc) {
                const quoted = doc[2] !== undefined || doc[3] !== undefined || doc[0].includes('\\');
                pendingDocs.push({ word: doc[2] ?? doc[3] ?? doc[4], quoted, strip: doc[1] === '-' });
                out += doc[0];
                i += doc[0].length;
                continue;
            }
        }
        if (state === 'single') {
            if (c === "'")
                stack.pop();
        }
        else if (c === '\\') {
            out += text.slice(i, i + 2);
            i += 2;
            continue;
        }
        else if (c === '$' && text[i + 1] === '(') {
            stack.push('subst');
            out += '$(';
            i += 2;
            continue;
        }
        else if (state === 'double' && c !== '`') {
            if (c === '"')
                stack.pop();
        }
        else if (c === '`' && state === 'backtick')
            stack.pop();
        else if (c === '`')
            stack.push('backtick');
        else if (state === 'backtick') {
            /* its text is re-read by sh later; only its end matters here */
        }
        else if (c === "'")
            stack.push('single');
        else if (c === '"')
            stack.push('double');
        else if (c === ')' && state === 'subst')
            stack.pop();
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
//# sourceMappingURL=cmd-template.js.map
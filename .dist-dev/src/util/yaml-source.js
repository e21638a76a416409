/**
 * YAML with positions: spec files are hand-written, so every complaint about them names
 * FILE:LINE:COLUMN. Shared by env specs and workflow files.
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar } from 'yaml';
import { SsdpError } from './errors.js';
export function where(src, node) {
    const range = node?.range;
    if (!range)
        return src.file;
    const { line, col } = src.lines.linePos(range[0]);
    return `${src.file}:${line}:${col}`;
}
export function specError(src, node, message, hint) {
    return new SsdpError('E_BAD_SPEC', `${where(src, node)}: ${message}`, { hint });
}
export function parseYamlSource(text, file) {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const src = { file, doc, lines };
    const first = doc.errors[0];
    if (first) {
        const { line, col } = lines.linePos(first.pos[0]);
        throw new SsdpError('E_BAD_SPEC', `${file}:${line}:${col}: this is not valid YAML (${first.message.split('\n')[0]}).`, {
            hint: 'Fix the YAML syntax at that position; indentation and unquoted special characters are the usual causes.',
        });
    }
    return src;
}
/** The entries of a mapping node, keys as strings, values as nodes (for position-aware checks). */
export function mapEntries(src, node, what) {
    if (!isMap(node))
        throw specError(src, node, `${what} must be a mapping (key: value lines).`);
    return node.items.map((pair) => {
        const k = pair.key;
        if (!isScalar(k))
            throw specError(src, k, `${what} has a key that is not a plain name.`);
        return { key: String(k.value), keyNode: k, value: pair.value ?? null };
    });
}
export function seqItems(src, node, what) {
    if (!isSeq(node))
        throw specError(src, node, `${what} must be a list.`);
    return node.items;
}
export function scalarString(src, node, what) {
    if (!isScalar(node) || node.value === null || typeof node.value === 'object') {
        throw specError(src, node, `${what} must be a single value.`);
    }
    return String(node.value);
}
//# sourceMappingURL=yaml-source.js.map
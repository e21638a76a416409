/**
 * YAML with positions: spec files are hand-written, so every complaint about them names
 * FILE:LINE:COLUMN. Shared by env specs and workflow files.
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Document, type Node } from 'yaml';
import { SsdpError } from './errors.js';

export interface YamlSource {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** The file's text, to place a complaint inside a value (e.g. one `${...}` of a cmd line). */
  text: string;
}

export function where(src: YamlSource, node: unknown): string {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  if (!range) return src.file;
  const { line, col } = src.lines.linePos(range[0]);
  return `${src.file}:${line}:${col}`;
}

export function specError(src: YamlSource, node: unknown, message: string, hint?: string): SsdpError {
  return new SsdpError('E_BAD_SPEC', `${where(src, node)}: ${message}`, { hint });
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const src = { file, doc, lines, text };
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
export function mapEntries(src: YamlSource, node: unknown, what: string): Array<{ key: string; keyNode: unknown; value: Node | null }> {
  if (!isMap(node)) throw specError(src, node, `${what} must be a mapping (key: value lines).`);
  return node.items.map((pair) => {
    const k = pair.key;
    if (!isScalar(k)) throw specError(src, k, `${what} has a key that is not a plain name.`);
    return { key: String(k.value), keyNode: k, value: (pair.value as Node | null) ?? null };
  });
}

export function seqItems(src: YamlSource, node: unknown, what: string): Node[] {
  if (!isSeq(node)) throw specError(src, node, `${what} must be a list.`);
  return node.items as Node[];
}

export function scalarString(src: YamlSource, node: unknown, what: string): string {
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) {
    // YAML's null: an empty value, or `~` / `null` written bare, which a user means as text (try8i I5: prefix: ~).
    const range = (node as { range?: [number, number, number] } | null)?.range;
    const token = range ? src.text.slice(range[0], range[1]).trim() : '';
    const why = token === '' ? 'has no value' : `is ${token}, which YAML reads as null (no value), not as text`;
    throw specError(src, node, `${what} ${why}.`, token === '' ? `Give ${what} a value, or remove the line.` : `To mean the text ${token}, put it in quotes: ${what}: "${token}"${token === '~' ? ' (or write a path such as ~/env)' : ''}.`);
  }
  if (!isScalar(node) || typeof node.value === 'object') {
    throw specError(src, node, `${what} must be a single value.`);
  }
  // A value is text (for the shell, a version, an ID): an unquoted number is taken as written,
  // not through a JS number, which made 1.10 1.1, 007 7, 0x10 16 and rounded a 20-digit seed
  // (tester s23 try8x F4).
  if (node.type === 'PLAIN' && (typeof node.value === 'number' || typeof node.value === 'bigint') && node.range) {
    const written = src.text.slice(node.range[0], node.range[1]).trim();
    if (written !== '') return written;
  }
  return String(node.value);
}

/**
 * YAML with positions: spec files are hand-written, so every complaint about them names
 * FILE:LINE:COLUMN. Shared by env specs and workflow files.
 */
import { LineCounter, type Document, type Node } from 'yaml';
import { SsdpError } from './errors.js';
export interface YamlSource {
    file: string;
    doc: Document.Parsed;
    lines: LineCounter;
}
export declare function where(src: YamlSource, node: unknown): string;
export declare function specError(src: YamlSource, node: unknown, message: string, hint?: string): SsdpError;
export declare function parseYamlSource(text: string, file: string): YamlSource;
/** The entries of a mapping node, keys as strings, values as nodes (for position-aware checks). */
export declare function mapEntries(src: YamlSource, node: unknown, what: string): Array<{
    key: string;
    keyNode: unknown;
    value: Node | null;
}>;
export declare function seqItems(src: YamlSource, node: unknown, what: string): Node[];
export declare function scalarString(src: YamlSource, node: unknown, what: string): string;

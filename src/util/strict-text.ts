/**
 * A spec file's text, refusing bytes that are not UTF-8. readFileSync(f, 'utf8') turned a Latin-1
 * byte into U+FFFD without a word: a variable became a path that does not exist, an input
 * "missing" that is right there (tester try8k K16). YAML files are UTF-8 (the BOM is kept for the
 * YAML reader, which skips it).
 */
import { SsdpError } from './errors.js';
import { firstNonUtf8Byte } from './raw-names.js';

export function utf8TextOf(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // Only on the error path: find the first bad byte's line and column for the message.
    const bad = Math.max(0, firstNonUtf8Byte(bytes));
    // (not lastIndexOf(10, -1) for a bad first byte: a negative offset counts from the end)
    const lineStart = bad > 0 ? bytes.lastIndexOf(10, bad - 1) + 1 : 0;
    const line = bytes.subarray(0, lineStart).filter((b) => b === 10).length + 1;
    const hex = bytes[bad]!.toString(16).padStart(2, '0');
    throw new SsdpError('E_BAD_SPEC', `${file}:${line}:${bad - lineStart + 1}: the file is not UTF-8 (byte 0x${hex}); ssdp reads spec files as UTF-8 and will not guess another encoding.`, {
      hint: `Convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8 ${file} > new && mv new ${file}) and run the command again; nothing was changed.`,
    });
  }
}

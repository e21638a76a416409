/**
 * A spec file's text, refusing bytes that are not UTF-8. readFileSync(f, 'utf8') turned a Latin-1
 * byte into U+FFFD without a word: a variable became a path that does not exist, an input
 * "missing" that is right there (tester try8k K16). YAML files are UTF-8 (the BOM is kept for the
 * YAML reader, which skips it).
 */
import { SsdpError } from './errors.js';

export function utf8TextOf(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // Only on the error path: find the first bad byte's line and column for the message.
    const d = new TextDecoder('utf-8', { fatal: true });
    let bad = 0;
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i]!;
      const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
      try {
        if (n === 0 || i + n > bytes.length) throw new Error('bad lead byte');
        d.decode(bytes.subarray(i, i + n));
      } catch {
        bad = i;
        break;
      }
      i += n;
    }
    const lineStart = bytes.lastIndexOf(10, bad - 1) + 1;
    const line = bytes.subarray(0, lineStart).filter((b) => b === 10).length + 1;
    const hex = bytes[bad]!.toString(16).padStart(2, '0');
    throw new SsdpError('E_BAD_SPEC', `${file}:${line}:${bad - lineStart + 1}: the file is not UTF-8 (byte 0x${hex}); ssdp reads spec files as UTF-8 and will not guess another encoding.`, {
      hint: `Convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8 ${file} > new && mv new ${file}) and run the command again; nothing was changed.`,
    });
  }
}

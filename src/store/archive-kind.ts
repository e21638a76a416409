/**
 * Compressions a package tarball must not have, told by their first bytes. tar (the reader) takes
 * a zstd stream for one it knows and then throws from a stream callback on a Node.js without
 * zstd: an uncaught TypeError with tar's whole minified source on the terminal (tester s14
 * try13c ZS1). Checked before tar or pacote sees the bytes; the others are named for clarity.
 */
const MAGIC: [kind: string, bytes: number[]][] = [
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
];

/** 'zstd', 'bzip2', 'xz' or 'zip' when `head` (the first bytes of a file) starts like one. */
export function otherCompression(head: Uint8Array): string | undefined {
  return MAGIC.find(([, m]) => head.length >= m.length && m.every((b, i) => head[i] === b))?.[0];
}

export const RECOMPRESS_HINT = 'npm packages are gzipped tarballs (.tgz): make one with npm pack, or recompress it (e.g. zstd -dc FILE | gzip > FILE.tgz)';

/**
 * Checks a tarball's integrity while it streams by, so a download is verified without a second
 * pass over the bytes. Only loaded when something is downloaded.
 */
import { createHash, type Hash } from 'node:crypto';
import { SsdpError } from '../util/errors.js';
import type { ParsedIntegrity } from './integrity.js';

/** Hashes bytes as they stream by; `check()` throws E_INTEGRITY naming the package and both hashes. */
export class IntegrityVerifier {
  private readonly hash: Hash;
  constructor(private readonly expected: ParsedIntegrity, private readonly what: string) {
    this.hash = createHash(expected.algorithm);
  }
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }
  check(): void {
    const digest = this.hash.digest();
    if (digest.toString('hex') !== this.expected.hex) {
      const actual = digest.toString('base64');
      throw new SsdpError('E_INTEGRITY', `integrity check failed for ${this.what}: expected ${this.expected.algorithm}-${this.expected.digest} but the downloaded tarball is ${this.expected.algorithm}-${actual}`, {
        hint: 'the tarball changed on the registry or was corrupted in transit; nothing was installed. If the registry is right, regenerate the lock (ssdp env update).',
      });
    }
  }
}

/**
 * Checks a tarball's integrity while it streams by, so a download is verified without a second
 * pass over the bytes. Only loaded when something is downloaded.
 */
import { createHash } from 'node:crypto';
import { SsdpError } from '../util/errors.js';
/** Hashes bytes as they stream by; `check()` throws E_INTEGRITY naming the package and both hashes. */
export class IntegrityVerifier {
    expected;
    what;
    hash;
    constructor(expected, what) {
        this.expected = expected;
        this.what = what;
        this.hash = createHash(expected.algorithm);
    }
    update(chunk) {
        this.hash.update(chunk);
    }
    check() {
        const digest = this.hash.digest();
        if (digest.toString('hex') !== this.expected.hex) {
            const actual = digest.toString('base64');
            throw new SsdpError('E_INTEGRITY', `integrity check failed for ${this.what}: expected ${this.expected.algorithm}-${this.expected.digest} but the downloaded tarball is ${this.expected.algorithm}-${actual}`, {
                hint: 'the tarball changed on the registry or was corrupted in transit; nothing was installed. If the registry is right, regenerate the lock (ssdp env update).',
            });
        }
    }
}
//# sourceMappingURL=verify.js.map
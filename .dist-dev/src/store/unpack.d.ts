import type { PackageIndex } from './cas.js';
import type { IntegrityVerifier } from './verify.js';
export type UnpackedContent = Pick<PackageIndex, 'dirs' | 'files' | 'symlinks' | 'scripts' | 'bin' | 'size' | 'manifest'>;
export declare function unpackTarball(source: AsyncIterable<Uint8Array>, dest: string, verifier: IntegrityVerifier, what: string): Promise<UnpackedContent>;

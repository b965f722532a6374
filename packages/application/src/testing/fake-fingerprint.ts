import type { Fingerprint } from '../ports/fingerprint.ts';
import { fakeDigest } from './fake-digest.ts';

/** Equal texts, equal fingerprints, like SHA-256 and as long; only tests may use it. */
export class FakeFingerprint implements Fingerprint {
  of(canonical: string): string {
    return fakeDigest(canonical);
  }
}

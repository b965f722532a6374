import { createHash } from 'node:crypto';
import type { Fingerprint } from '@food-oms/application';

/** SHA-256 of the UTF-8 text, in lower-case hex: 64 characters whatever the request's size. */
export class Sha256Fingerprint implements Fingerprint {
  of(canonical: string): string {
    return createHash('sha256').update(canonical, 'utf8').digest('hex');
  }
}

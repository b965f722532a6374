import type { CursorCodec } from '../ports/cursor-codec.ts';
import { fakeDigest } from './fake-digest.ts';

/**
 * A stand-in for the HMAC codec that still behaves like one: base64url(text) + "." + a
 * digest of the secret and that text, so a cursor altered, forged or sealed with another
 * secret does not open. The digest is no MAC; only tests may use it.
 */
export class FakeCursorCodec implements CursorCodec {
  readonly #secret: string;

  constructor(secret = 'a cursor secret for tests only') {
    this.#secret = secret;
  }

  seal(text: string): string {
    const body = toBase64Url(text);
    return `${body}.${this.#mac(body)}`;
  }

  open(cursor: string): string | null {
    const [body, mac, ...rest] = cursor.split('.');
    if (body === undefined || mac === undefined || rest.length > 0 || mac !== this.#mac(body)) return null;
    return fromBase64Url(body);
  }

  #mac(body: string): string {
    return fakeDigest(`${this.#secret}\u0000${body}`);
  }
}

function toBase64Url(text: string): string {
  const binary = String.fromCharCode(...new TextEncoder().encode(text));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(body: string): string {
  const binary = atob(body.replaceAll('-', '+').replaceAll('_', '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

import { describe, expect, it } from 'vitest';
import { KEPT_CURSORS } from '../src/hmac-cursor-codec.ts';
import { HmacCursorCodec } from '../src/index.ts';

const SECRET = 'a cursor secret for tests only';
const TEXT = '{"after":"01955a3e-0000-7000-8000-0000000000a2","statuses":null,"customerId":null}';

describe('HmacCursorCodec', () => {
  it('seals exactly as the order list always has, so cursors already handed out stay valid', () => {
    // base64url(JSON) "." base64url(HMAC-SHA256 under HKDF(secret, "food-oms/order-list-cursor/v1")).
    const sealed =
      'eyJhZnRlciI6IjAxOTU1YTNlLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDBhMiIsInN0YXR1c2VzIjpudWxsLCJjdXN0b21lcklkIjpudWxsfQ' +
      '.TyVjWeGsXBWb90gEctGszIU7JN2giAncdiM6JS3fo18';
    expect(new HmacCursorCodec(SECRET).seal(TEXT)).toBe(sealed);
    expect(new HmacCursorCodec(SECRET).open(sealed)).toBe(TEXT);
  });

  it('opens what it sealed, any text included', () => {
    const codec = new HmacCursorCodec(SECRET);
    for (const text of ['', 'ä ✓ 🍕', TEXT]) expect(codec.open(codec.seal(text))).toBe(text);
  });

  it('opens nothing malformed, tampered or forged', () => {
    const codec = new HmacCursorCodec(SECRET);
    const sealed = codec.seal(TEXT);
    const [body = '', mac = ''] = sealed.split('.');
    const forged = Buffer.from(TEXT.replace('a2', 'a9')).toString('base64url');
    const flip = (text: string, at: number) =>
      `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    for (const bad of [
      '',
      'not-a-cursor',
      body,
      `${body}.`,
      `${sealed}.extra`,
      flip(sealed, 3),
      flip(sealed, sealed.length - 2),
      `${forged}.${mac}`,
      `${body}.${mac.slice(0, -1)}`,
    ]) {
      // Twice: a refused cursor is not kept either.
      expect(codec.open(bad), bad).toBeNull();
      expect(codec.open(bad), bad).toBeNull();
    }
    expect(codec.seal(TEXT)).toBe(sealed);
  });

  it('keeps its last cursors, no more, and a kept one is what it would make anew', () => {
    const codec = new HmacCursorCodec(SECRET);
    const texts = Array.from({ length: KEPT_CURSORS + 5 }, (_, i) => `${TEXT}#${i}`);
    const sealed = texts.map((text) => codec.seal(text));
    expect(codec.size).toBe(KEPT_CURSORS);
    const fresh = new HmacCursorCodec(SECRET);
    // The first five were dropped to keep the rest; each, kept or not, opens and seals as a fresh codec's.
    for (const [i, text] of texts.entries()) {
      expect(codec.seal(text)).toBe(fresh.seal(text));
      expect(codec.open(sealed[i] ?? '')).toBe(text);
    }
    expect(codec.size).toBe(KEPT_CURSORS);
    const [body = '', mac = ''] = (sealed[0] ?? '').split('.');
    const otherBody = (sealed[1] ?? '').split('.')[0];
    for (const bad of [`${body}.${mac.slice(0, -1)}`, `${otherBody}.${mac}`, `${sealed[0]}.`]) {
      expect(codec.open(bad), bad).toBeNull();
    }
    expect(codec.size).toBe(KEPT_CURSORS);
  });

  it('keeps a cursor it opened after checking it, and nothing it refused', () => {
    const peer = new HmacCursorCodec(SECRET);
    const codec = new HmacCursorCodec(SECRET);
    const cursor = peer.seal(TEXT);
    expect(codec.open(`${cursor}x`)).toBeNull();
    expect(codec.size).toBe(0);
    expect(codec.open(cursor)).toBe(TEXT);
    expect(codec.size).toBe(1);
    expect(codec.open(cursor)).toBe(TEXT);
    expect(codec.seal(TEXT)).toBe(cursor);
    expect(codec.size).toBe(1);
    expect(new HmacCursorCodec('another secret').open(cursor)).toBeNull();
  });

  it('never keeps the cursor of a text with a lone surrogate, which it shares with another text', () => {
    const codec = new HmacCursorCodec(SECRET);
    const lone = 'a pizza \uD83C cut in half';
    const replaced = lone.toWellFormed();
    expect(lone).not.toBe(replaced);
    const cursor = codec.seal(lone);
    expect(codec.size).toBe(0);
    // What the encoding keeps: the replacement character, as a fresh codec opens it.
    expect(codec.open(cursor)).toBe(replaced);
    expect(new HmacCursorCodec(SECRET).open(cursor)).toBe(replaced);
    expect(codec.seal(replaced)).toBe(cursor);
    expect(codec.size).toBe(1);
  });

  it('opens nothing sealed with another secret or under another label', () => {
    const sealed = new HmacCursorCodec(SECRET).seal(TEXT);
    expect(new HmacCursorCodec('another secret').open(sealed)).toBeNull();
    expect(new HmacCursorCodec(SECRET, 'food-oms/something-else/v1').open(sealed)).toBeNull();
  });

  it('refuses an empty secret', () => {
    expect(() => new HmacCursorCodec('')).toThrow(/must not be empty/);
  });
});

import { describe, expect, it } from 'vitest';
import { Sha256Fingerprint } from '../src/index.ts';

describe('Sha256Fingerprint', () => {
  it('is the hex SHA-256 of the text, as the fingerprints already stored were made', () => {
    const canonical = JSON.stringify({
      items: [['01955a3e-0000-7000-8000-000000000001', 2]],
      note: 'no onions',
    });
    expect(new Sha256Fingerprint().of(canonical)).toBe(
      '519c73e68aa611ac138ce3095a17f92bdae8a523f4f691ec65d2b6b8ec3e6e65',
    );
  });

  it('hashes the UTF-8 bytes of text beyond ASCII', () => {
    expect(new Sha256Fingerprint().of('{"note":"crème brûlée 🍮"}')).toBe(
      '3aae1fe8678c995ace0d75abfe3711e49cb28f83a2747770e2a3c1340d70ccdd',
    );
  });

  it('tells texts apart and gives equal texts one fingerprint', () => {
    const fingerprint = new Sha256Fingerprint();
    expect(fingerprint.of('{"note":"a"}')).toBe(fingerprint.of('{"note":"a"}'));
    expect(fingerprint.of('{"note":"a"}')).not.toBe(fingerprint.of('{"note":"b"}'));
  });
});

import { describe, expect, it } from 'vitest';
import { mongoServerAddress, mongoUriVia } from '../src/testing/index.ts';

const proxy = { host: '127.0.0.1', port: 40123 };

describe('routing a MongoDB URI through a proxy', () => {
  it('reads the one server of a URI, with the default port when it has none', () => {
    expect(mongoServerAddress('mongodb://127.0.0.1:45793/')).toEqual({ host: '127.0.0.1', port: 45793 });
    expect(mongoServerAddress('mongodb://db.internal/food_oms')).toEqual({
      host: 'db.internal',
      port: 27017,
    });
    expect(mongoServerAddress('mongodb://[::1]:27018/')).toEqual({ host: '::1', port: 27018 });
  });

  it('points the URI at the proxy, keeping credentials, database and options, and connects directly', () => {
    expect(
      mongoUriVia('mongodb://app:secret@db.internal:27017/food_oms?replicaSet=rs0&w=majority', proxy),
    ).toBe('mongodb://app:secret@127.0.0.1:40123/food_oms?w=majority&directConnection=true');
    expect(mongoUriVia('mongodb://localhost:32768/?directConnection=true', proxy)).toBe(
      'mongodb://127.0.0.1:40123/?directConnection=true',
    );
  });

  it('refuses what one proxy cannot stand in for', () => {
    expect(() => mongoServerAddress('mongodb://a:1,b:2/?replicaSet=rs0')).toThrow(/single-host/);
    expect(() => mongoUriVia('mongodb+srv://cluster.example.net/', proxy)).toThrow(/single-host/);
  });
});

import { useMongoTestDatabase } from '@food-oms/adapters-mongo/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiProcess, runApiToExit, startApiProcess } from './support/api-process.ts';
import {
  logIn,
  newCustomer,
  newMenuItem,
  PASSWORD,
  placeOrder,
  untilReadiness,
} from './support/api-steps.ts';
import { client } from './support/client.ts';

// What cannot be correct is refused in production and said loudly elsewhere: an in-memory
// store nobody chose, and a database that does not apply conditional updates atomically.

const mongo = useMongoTestDatabase();
const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'refusals-secret-that-is-32-bytes-long!' };
const NON_ATOMIC = /NON-ATOMIC DATABASE|does NOT apply conditional updates atomically/;

let running: ApiProcess | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('the in-memory store in production', () => {
  it('is refused unless chosen by name: exit 1 with one line naming STORE', async () => {
    const { code, output } = await runApiToExit(PRODUCTION);
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toEqual([
      expect.stringMatching(/^food-oms: invalid configuration: STORE: /),
    ]);
  });

  it('runs with STORE=memory, saying loudly that the data is lost on exit', async () => {
    running = await startApiProcess({ ...PRODUCTION, STORE: 'memory', PORT: '0' });
    await untilReadiness(client(running.url), 200);
    expect(running.output.join('\n')).toMatch(/IN-MEMORY STORE.*LOST/);
  });
});

describe.skipIf(!mongo.available)('a database that is not atomic', () => {
  const env = () => ({ MONGODB_URI: mongo.get().uri, MONGODB_DB: mongo.get().dbName });
  const nonAtomic = () => {
    const version = mongo.get().ferretDbVersion;
    return version !== null && /^v?1\./.test(version);
  };

  it('is refused in production: exit 1 naming the server and ALLOW_NON_ATOMIC_DATABASE (MongoDB: served)', async () => {
    if (!nonAtomic()) {
      running = await startApiProcess({ ...PRODUCTION, ...env() });
      await untilReadiness(client(running.url), 200);
      expect(running.output.join('\n')).not.toMatch(NON_ATOMIC);
      return;
    }
    const { code, output } = await runApiToExit({ ...PRODUCTION, ...env() });
    expect(code, output).toBe(1);
    expect(output).toContain(`FerretDB ${mongo.get().ferretDbVersion}`);
    expect(output).toContain('ALLOW_NON_ATOMIC_DATABASE=1');
  });

  it.each([
    ['in production with ALLOW_NON_ATOMIC_DATABASE=1', { ...PRODUCTION, ALLOW_NON_ATOMIC_DATABASE: '1' }],
    ['outside production', {}],
  ])('serves %s, warning loudly when it is not atomic', async (_name, extra) => {
    running = await startApiProcess({ ...extra, ...env() });
    await untilReadiness(client(running.url), 200);
    const warnings = running.output.filter((line) => NON_ATOMIC.test(line));
    expect(warnings.map((line) => JSON.parse(line).level)).toEqual(nonAtomic() ? [40] : []);
  });

  it('keeps the JSON of answered orders only when conditional updates are atomic', async () => {
    const admin = { BOOTSTRAP_ADMIN_EMAIL: 'keeps-admin@example.com', BOOTSTRAP_ADMIN_PASSWORD: PASSWORD };
    running = await startApiProcess({ ...env(), ...admin });
    const call = client(running.url);
    await untilReadiness(call, 200);
    const adminToken = await logIn(call, admin.BOOTSTRAP_ADMIN_EMAIL);
    const customer = await newCustomer(call, 'keeps');
    const menuItemId = await newMenuItem(call, adminToken, 'Kept soup');
    const placed = await placeOrder(call, customer.token, 'keeps-1', {
      items: [{ menuItemId, quantity: 1 }],
      note: 'as placed',
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const id: string = placed.body.order.id;
    const first = await call('GET', `/orders/${id}`, { token: customer.token });
    expect(first.body.order.note).toBe('as placed');
    // Changed in the database under the same version, as no writer through the API would: the
    // next read answers with what the first wrote if this process kept it, else with the document.
    const changed = await mongo
      .get()
      .db.collection<{ _id: string }>('orders')
      .updateOne({ _id: id }, { $set: { note: 'changed under its version' } });
    expect(changed.modifiedCount).toBe(1);
    const read = await call('GET', `/orders/${id}`, { token: customer.token });
    expect(read.status).toBe(200);
    expect(read.body.order.note).toBe(nonAtomic() ? 'changed under its version' : 'as placed');
  });
});

import {
  mongoServerAddress,
  mongoUriVia,
  startTcpProxy,
  type TcpProxy,
  useMongoTestDatabase,
} from '@food-oms/adapters-mongo/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiProcess, startApiProcess } from './support/api-process.ts';
import { type Call, logIn, PASSWORD, until, untilReadiness } from './support/api-steps.ts';
import { client, type Reply } from './support/client.ts';

// The start-up race, through the real composition root: the database is held back by a TCP
// proxy while two instances start and anonymous clients keep signing up with the bootstrap
// admin's email. Whoever asks first, the address must end as the admin's.

const mongo = useMongoTestDatabase();
const JWT_SECRET = 'safe-start-up-secret-that-is-32-bytes-long';
const TEST_TIMEOUT_MS = 90_000;

function apiEnv(uri: string, adminEmail?: string): Record<string, string> {
  return {
    JWT_SECRET,
    MONGODB_URI: uri,
    MONGODB_DB: mongo.get().dbName,
    RATE_LIMIT_SIGNUP_PER_MIN: '100000',
    RATE_LIMIT_LOGIN_PER_MIN: '1000',
    ...(adminEmail !== undefined && {
      BOOTSTRAP_ADMIN_EMAIL: adminEmail,
      BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
    }),
  };
}

describe.skipIf(!mongo.available)('safe start-up', () => {
  let cleanups: (() => Promise<unknown>)[];
  beforeEach(() => {
    cleanups = [];
  });
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function api(env: Record<string, string>): Promise<ApiProcess> {
    const started = await startApiProcess(env);
    cleanups.push(() => started.stop());
    return started;
  }

  async function heldBackDatabase(): Promise<TcpProxy> {
    const proxy = await startTcpProxy(mongoServerAddress(mongo.get().uri));
    cleanups.push(() => proxy.close());
    await proxy.cut();
    return proxy;
  }

  it(
    'a sign-up with the bootstrap email never wins, on any instance, before or after the database returns',
    async () => {
      const proxy = await heldBackDatabase();
      const admin = 'race-admin@example.com';
      const uri = mongoUriVia(mongo.get().uri, proxy.address);
      const calls: Call[] = [];
      for (const _ of [1, 2]) calls.push(client((await api(apiEnv(uri, admin))).url));

      const answers: Reply[] = [];
      let racing = true;
      const racers = calls.flatMap((call) =>
        [' Race-Admin@Example.com', admin].map(async (email) => {
          while (racing) {
            answers.push(
              await call('POST', '/auth/signup', {
                body: { email, password: 'an-attacker-password', name: 'X' },
              }),
            );
          }
        }),
      );
      await until(
        'sign-ups answered while the database is away',
        async () => answers.length,
        (n) => n >= 8,
        20_000,
      );
      await proxy.restore();
      for (const call of calls) await untilReadiness(call, 200);
      const afterReady = answers.length;
      await until(
        'sign-ups answered once ready',
        async () => answers.length,
        (n) => n >= afterReady + 8,
        20_000,
      );
      racing = false;
      await Promise.all(racers);

      const outcomes = new Set(answers.map((reply) => `${reply.status} ${reply.body?.code}`));
      expect([...outcomes].sort()).toEqual(['409 EMAIL_TAKEN', '503 SERVICE_UNAVAILABLE']);
      for (const call of calls) {
        const me = await call('GET', '/users/me', { token: await logIn(call, admin) });
        expect(me.body.user).toMatchObject({ email: admin, role: 'admin' });
      }
      const accounts = await mongo.get().db.collection('users').countDocuments({ email: admin });
      expect(accounts).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a bootstrap email owned by a non-admin is reported, keeps the instance not ready, and heals once fixed',
    async () => {
      const email = 'taken-by-customer@example.com';
      const first = await api(apiEnv(mongo.get().uri));
      const firstCall = client(first.url);
      await untilReadiness(firstCall, 200);
      const signup = await firstCall('POST', '/auth/signup', {
        body: { email, password: PASSWORD, name: 'C' },
      });
      expect(signup.status).toBe(201);
      await first.stop();

      const second = await api(apiEnv(mongo.get().uri, email));
      const call = client(second.url);
      await until(
        'the role clash reported',
        async () => second.output.filter((line) => line.includes('BOOTSTRAP_ADMIN_EMAIL belongs')).length,
        (n) => n > 0,
        20_000,
      );
      // Several retries later: still not ready, still refusing, and said once only.
      await new Promise((done) => setTimeout(done, 2000));
      expect((await call('GET', '/health/ready')).status).toBe(503);
      expect((await call('GET', '/health/live')).status).toBe(200);
      expect((await call('POST', '/auth/login', { body: { email, password: PASSWORD } })).status).toBe(503);
      const reports = second.output.filter((line) => line.includes('BOOTSTRAP_ADMIN_EMAIL belongs'));
      expect(reports).toHaveLength(1);
      expect(JSON.parse(reports[0] ?? '{}')).toMatchObject({ level: 50 });

      // An operator makes that account the admin: the instance becomes ready without a restart.
      await mongo
        .get()
        .db.collection('users')
        .updateOne({ email }, { $set: { role: 'admin' } });
      await untilReadiness(call, 200, 20_000);
      const me = await call('GET', '/users/me', { token: await logIn(call, email) });
      expect(me.body.user).toMatchObject({ email, role: 'admin' });
    },
    TEST_TIMEOUT_MS,
  );
});

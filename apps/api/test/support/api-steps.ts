// The steps the multi-process, fault and end-to-end suites take against a running API, over HTTP.

import { randomUUID } from 'node:crypto';
import { JwtTokenIssuer } from '@food-oms/adapters-http';
import { UuidV7IdGenerator } from '@food-oms/adapters-node';
import type { Role, UserId } from '@food-oms/domain';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { client, Reply } from './client.ts';

export type Call = ReturnType<typeof client>;

export const PASSWORD = 'a-long-enough-password';

/**
 * Polls until `check` passes or `timeoutMs` ends, and returns how long that took. A bounded
 * poll instead of a fixed sleep: fast on an idle machine, patient on a loaded one.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs: number,
): Promise<{ value: T; elapsedMs: number }> {
  const started = performance.now();
  for (;;) {
    const value = await probe();
    const elapsedMs = performance.now() - started;
    if (check(value)) return { value, elapsedMs };
    if (elapsedMs > timeoutMs) {
      throw new Error(`${what}: not reached within ${timeoutMs} ms; last ${JSON.stringify(value)}`);
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Waits for GET /health/ready to answer `status`; returns how long it took. */
export async function untilReadiness(call: Call, status: 200 | 503, timeoutMs = 30_000): Promise<number> {
  const { elapsedMs } = await until(
    `GET /health/ready → ${status}`,
    () => call('GET', '/health/ready'),
    (reply) => reply.status === status,
    timeoutMs,
  );
  return elapsedMs;
}

export async function logIn(call: Call, email: string, password = PASSWORD): Promise<string> {
  const reply = await call('POST', '/auth/login', { body: { email, password } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.accessToken;
}

/** Signs up a customer with an address of its own (so suites running in parallel never collide). */
export async function newCustomer(call: Call, label: string): Promise<{ id: string; token: string }> {
  const email = `${label}-${randomUUID()}@example.com`;
  const signup = await call('POST', '/auth/signup', { body: { email, password: PASSWORD, name: label } });
  expect(signup.status, JSON.stringify(signup.body)).toBe(201);
  return { id: signup.body.user.id, token: await logIn(call, email) };
}

/** Creates a staff user through the admin API and logs it in. */
export async function newStaff(call: Call, adminToken: string, role: 'kitchen' | 'admin'): Promise<string> {
  const email = `${role}-${randomUUID()}@example.com`;
  const created = await call('POST', '/users', {
    token: adminToken,
    body: { email, password: PASSWORD, name: role, role },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return logIn(call, email);
}

export async function newMenuItem(call: Call, adminToken: string, name: string): Promise<string> {
  const reply = await call('POST', '/menu-items', { token: adminToken, body: { name, priceCents: 900 } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body.menuItem.id;
}

export function placeOrder(call: Call, token: string, key: string, body: unknown): Promise<Reply> {
  return call('POST', '/orders', { token, body, headers: { 'idempotency-key': key } });
}

/**
 * A token as any instance sharing `secret` would issue it, for a caller the test cannot
 * log in (the database is down): the issuer, audience and lifetime come from the API's own
 * configuration, so they follow its defaults.
 */
export async function tokenFor(secret: string, role: Role): Promise<string> {
  const issuer = new JwtTokenIssuer(loadConfig({ JWT_SECRET: secret }).jwt);
  const { accessToken } = await issuer.issue({ id: new UuidV7IdGenerator().next() as UserId, role });
  return accessToken;
}

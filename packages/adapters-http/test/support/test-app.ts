import { createInMemoryStore } from '@food-oms/adapters-memory';
import {
  createUseCases,
  type MenuRepository,
  type OrderRepository,
  type UserRepository,
} from '@food-oms/application';
import {
  aMenuItem,
  aUser,
  FakeCursorCodec,
  FakeFingerprint,
  FakePasswordHasher,
  FixedClock,
  SequentialIdGenerator,
} from '@food-oms/application/testing';
import type { MenuItem, MenuItemId, Role, User, UserId } from '@food-oms/domain';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildHttpApp, type HttpAppOptions, JwtTokenIssuer, type RateLimits } from '../../src/index.ts';

export const TEST_AUTH = {
  secret: 'a-test-secret-of-at-least-32-bytes-0123456789',
  issuer: 'food-oms',
  audience: 'food-oms-api',
  maxAgeSeconds: 900,
} as const;

/** High enough that only the rate-limit tests ever meet a limit. */
export const GENEROUS_LIMITS: RateLimits = {
  signupPerMin: 10_000,
  loginPerMin: 10_000,
  orderCreatePerMin: 10_000,
  orderUpdatePerMin: 10_000,
  adminPerMin: 10_000,
};

export const PASSWORD = 'correct horse battery';

export interface Caller {
  readonly user: User;
  readonly token: string;
  readonly headers: { readonly authorization: string };
}

export interface TestWorldOptions extends Partial<Omit<HttpAppOptions, 'useCases'>> {
  readonly users?: UserRepository;
  readonly menu?: MenuRepository;
  readonly orders?: OrderRepository;
}

/** The real use cases on the in-memory adapters, behind the real HTTP app. */
export class TestWorld {
  readonly app: FastifyInstance;
  readonly users: UserRepository;
  readonly menu: MenuRepository;
  readonly orders: OrderRepository;
  readonly clock: FixedClock;
  /** Counts the orders placedOrder arranged, so each gets an Idempotency-Key of its own. */
  #arrangedOrders = 0;
  readonly ids: SequentialIdGenerator;
  readonly hasher: FakePasswordHasher;
  readonly tokens: JwtTokenIssuer;

  private constructor(fields: {
    app: FastifyInstance;
    users: UserRepository;
    menu: MenuRepository;
    orders: OrderRepository;
    clock: FixedClock;
    ids: SequentialIdGenerator;
    hasher: FakePasswordHasher;
    tokens: JwtTokenIssuer;
  }) {
    this.app = fields.app;
    this.users = fields.users;
    this.menu = fields.menu;
    this.orders = fields.orders;
    this.clock = fields.clock;
    this.ids = fields.ids;
    this.hasher = fields.hasher;
    this.tokens = fields.tokens;
  }

  static async start(options: TestWorldOptions = {}): Promise<TestWorld> {
    const store = createInMemoryStore({
      ...(options.users !== undefined && { users: options.users }),
      ...(options.menu !== undefined && { menu: options.menu }),
      ...(options.orders !== undefined && { orders: options.orders }),
    });
    const { users, menu, orders } = store;
    const clock = new FixedClock();
    const ids = new SequentialIdGenerator();
    const hasher = new FakePasswordHasher();
    const tokens = new JwtTokenIssuer({ ...TEST_AUTH, ttlSeconds: 900 });
    const app = await buildHttpApp({
      useCases: createUseCases({
        store,
        clock,
        ids,
        passwordHasher: hasher,
        tokens,
        cursors: new FakeCursorCodec(),
        fingerprint: new FakeFingerprint(),
      }),
      auth: TEST_AUTH,
      rateLimits: GENEROUS_LIMITS,
      trustProxy: false,
      isPrepared: () => true,
      readiness: async () => true,
      isShuttingDown: () => false,
      logger: false,
      ...options,
    });
    return new TestWorld({ app, users, menu, orders, clock, ids, hasher, tokens });
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  inject(options: InjectOptions): Promise<LightMyRequestResponse> {
    return this.app.inject(options);
  }

  /** A stored user of `role` with PASSWORD, and a valid token for them. */
  async caller(role: Role, email?: string): Promise<Caller> {
    const id = this.ids.next() as UserId;
    const user = aUser({
      id,
      email: email ?? `${role}-${id.slice(-6)}@example.com`,
      name: `A ${role}`,
      role,
      createdAt: this.clock.now(),
    });
    await this.users.insert(user, await this.hasher.hash(PASSWORD));
    const { accessToken } = await this.tokens.issue(user);
    return { user, token: accessToken, headers: { authorization: `Bearer ${accessToken}` } };
  }

  async menuItem(
    overrides: Partial<Pick<MenuItem, 'name' | 'priceCents' | 'available'>> = {},
  ): Promise<MenuItem> {
    const item = aMenuItem({
      id: this.ids.next() as MenuItemId,
      createdAt: this.clock.now(),
      ...overrides,
    });
    await this.menu.insert(item);
    return item;
  }

  /**
   * Arranges an order through the API: `customer` orders one of `menuItemId` (a new menu
   * item when none is given) under a fresh Idempotency-Key. An arrangement that fails throws,
   * so a test never goes on from an order that does not exist.
   */
  async placedOrder<T extends { id: string } = { id: string }>(
    customer: Caller,
    menuItemId?: string,
  ): Promise<T> {
    this.#arrangedOrders += 1;
    const response = await this.inject({
      method: 'POST',
      url: '/orders',
      headers: { ...customer.headers, 'idempotency-key': `arranged-${this.#arrangedOrders}` },
      payload: { items: [{ menuItemId: menuItemId ?? (await this.menuItem()).id, quantity: 1 }] },
    });
    if (response.statusCode !== 201) {
      throw new Error(`arranging an order failed: ${response.statusCode} ${response.body}`);
    }
    return response.json<{ order: T }>().order;
  }
}

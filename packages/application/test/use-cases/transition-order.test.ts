import { InMemoryOrderRepository } from '@food-oms/adapters-memory';
import {
  type Actor,
  ForbiddenError,
  InvalidTransitionError,
  type Order,
  type OrderStatus,
  OverrideReasonRequiredError,
  ValidationError,
} from '@food-oms/domain';
import { describe, expect, it } from 'vitest';
import {
  IdempotencyKeyReusedError,
  NotFoundError,
  PreconditionFailedError,
  type TransitionCommand,
  TransitionOrder,
  type TransitionResult,
} from '../../src/index.ts';
import { anActor, anOrder } from '../../src/testing/index.ts';
import type { TransitionOrderInput } from '../../src/use-cases/transition-order.ts';
import { anInMemoryWorld } from '../support/in-memory-world.ts';

/**
 * The in-memory store, plus a rival that changes the order after the use case read it
 * and before its compare-and-set lands: the race, made deterministic.
 */
class RacedOrderRepository extends InMemoryOrderRepository {
  #rival: (() => Promise<unknown>) | undefined;
  /** Every call the use case made, in order. */
  readonly calls: string[] = [];

  override async findById(id: Parameters<InMemoryOrderRepository['findById']>[0]) {
    this.calls.push('findById');
    return super.findById(id);
  }

  beforeNextTransition(rival: () => Promise<unknown>): void {
    this.#rival = rival;
  }

  override async transition(command: TransitionCommand): Promise<TransitionResult> {
    this.calls.push('transition');
    const rival = this.#rival;
    this.#rival = undefined;
    await rival?.();
    return super.transition(command);
  }
}

const ann = anActor({ role: 'customer' });
const kitchen = anActor({ role: 'kitchen' });
const admin = anActor({ role: 'admin' });

async function withOrder(status: OrderStatus = 'CREATED') {
  const world = { ...anInMemoryWorld(), orders: new RacedOrderRepository() };
  const order = anOrder({ customerId: ann.id, status });
  await world.orders.insert(order, { key: 'k', fingerprint: 'f' });
  world.clock.set(new Date('2025-01-01T10:00:00.000Z'));
  const transitionOrder = new TransitionOrder(world);
  const move = (actor: Actor, to: OrderStatus, more: Partial<TransitionOrderInput> = {}) =>
    transitionOrder.execute({ actor, orderId: order.id, to, requestId: null, ...more });
  return { world, order, move };
}

describe('TransitionOrder', () => {
  it('applies an allowed move: new status, version + 1, one history entry with every field', async () => {
    const { world, order, move } = await withOrder();

    const { order: moved } = await move(kitchen, 'CONFIRMED', { requestId: 'req-7' });

    expect(moved).toStrictEqual({
      ...order,
      status: 'CONFIRMED',
      version: 2,
      updatedAt: world.clock.now(),
      history: [
        ...order.history,
        {
          seq: 2,
          from: 'CREATED',
          to: 'CONFIRMED',
          at: world.clock.now(),
          actor: kitchen,
          reason: null,
          override: false,
          requestId: 'req-7',
        },
      ],
    });
    expect(await world.orders.findById(order.id)).toStrictEqual(moved);
  });

  it('lets a customer cancel their own new order', async () => {
    const { move } = await withOrder();

    await expect(move(ann, 'CANCELLED')).resolves.toMatchObject({ order: { status: 'CANCELLED' } });
  });

  it('lets an admin override with a reason, recorded trimmed and flagged', async () => {
    const { move } = await withOrder('READY');

    const { order } = await move(admin, 'PREPARING', { reason: '  burnt, redo it  ' });

    expect(order.history.at(-1)).toMatchObject({ reason: 'burnt, redo it', override: true, actor: admin });
  });

  describe('refusals, with the order left unchanged', () => {
    it.each([
      ['another customer', anActor({ role: 'customer' }), 'CANCELLED', NotFoundError],
      // Decided before any order is read, so it reveals nothing about this one.
      [
        'another customer, for a forbidden target: 403 comes before 404',
        anActor({ role: 'customer' }),
        'READY',
        ForbiddenError,
      ],
      ['a customer asking for anything but a cancel', ann, 'CONFIRMED', ForbiddenError],
      ['an edge the role does not have', kitchen, 'READY', InvalidTransitionError],
      ['an admin override without a reason', admin, 'READY', OverrideReasonRequiredError],
    ] as const)('%s', async (_, actor, to, expected) => {
      const { world, order, move } = await withOrder();

      await expect(move(actor, to)).rejects.toBeInstanceOf(expected);
      expect(await world.orders.findById(order.id)).toStrictEqual(order);
    });

    it('a reason over the limit', async () => {
      const { move } = await withOrder();

      await expect(move(admin, 'READY', { reason: 'x'.repeat(501) })).rejects.toBeInstanceOf(ValidationError);
    });

    it('an unknown order', async () => {
      const { world } = await withOrder();

      await expect(
        new TransitionOrder(world).execute({
          actor: admin,
          orderId: anOrder().id,
          to: 'CANCELLED',
          requestId: null,
        }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('an invalid move explains the current status and the allowed targets', async () => {
      const { move } = await withOrder('CONFIRMED');

      await expect(move(kitchen, 'READY')).rejects.toMatchObject({
        code: 'INVALID_TRANSITION',
        details: { currentStatus: 'CONFIRMED', allowedTransitions: ['PREPARING'] },
      });
    });
  });

  describe('expectedVersion (If-Match)', () => {
    it('applies the move when the order is still at that version', async () => {
      const { move } = await withOrder();

      await expect(move(kitchen, 'CONFIRMED', { expectedVersion: 1 })).resolves.toMatchObject({
        order: { version: 2 },
      });
    });

    it('refuses a stale version with the current version and status, before judging the move', async () => {
      const { world, order, move } = await withOrder('CONFIRMED');

      const refused = move(kitchen, 'CANCELLED', { expectedVersion: 1 });

      await expect(refused).rejects.toBeInstanceOf(PreconditionFailedError);
      await expect(refused).rejects.toMatchObject({
        details: { currentVersion: 2, currentStatus: 'CONFIRMED' },
      });
      expect(await world.orders.findById(order.id)).toStrictEqual(order);
    });

    it("answers a customer's forbidden request with 403 whatever version it names", async () => {
      const { move } = await withOrder('CONFIRMED');

      await expect(move(ann, 'PREPARING', { expectedVersion: 1 })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });
  });

  describe('round trips', () => {
    it('makes a regular move with one conditional write and no read, with or without If-Match', async () => {
      const { world, move } = await withOrder();

      await move(kitchen, 'CONFIRMED');
      await move(kitchen, 'PREPARING', { expectedVersion: 2, idempotencyKey: 'k-1' });

      expect(world.orders.calls).toEqual(['transition', 'transition']);
    });

    it('reads once after a write that matched nothing, to answer precisely', async () => {
      const { world, move } = await withOrder('READY');

      await expect(move(kitchen, 'CONFIRMED')).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });

      expect(world.orders.calls).toEqual(['transition']);
    });

    it('reads first for an admin with a reason, then writes on the version it read', async () => {
      const { world, move } = await withOrder('READY');

      await move(admin, 'PREPARING', { reason: 'burnt' });
      await expect(move(kitchen, 'CREATED')).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });

      expect(world.orders.calls).toEqual(['findById', 'transition', 'findById']);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retry with the order the key made, replayed, with nothing written', async () => {
      const { world, move } = await withOrder();
      const first = await move(kitchen, 'CONFIRMED', { idempotencyKey: 'k-1' });

      const again = await move(kitchen, 'CONFIRMED', { idempotencyKey: 'k-1', expectedVersion: 1 });

      expect(first.replayed).toBe(false);
      expect(first.order.history.at(-1)).toMatchObject({ idempotencyKey: 'k-1', actor: kitchen });
      expect(again).toStrictEqual({ order: first.order, replayed: true });
      expect(await world.orders.findById(first.order.id)).toStrictEqual(first.order);
    });

    it('replays the order as it is now when it moved on since the keyed change', async () => {
      const { move } = await withOrder();
      await move(kitchen, 'CONFIRMED', { idempotencyKey: 'k-1', reason: 'on it' });
      const { order: preparing } = await move(kitchen, 'PREPARING');

      const again = await move(kitchen, 'CONFIRMED', { idempotencyKey: 'k-1', reason: ' on it ' });

      expect(again).toStrictEqual({ order: preparing, replayed: true });
    });

    it('refuses the key with another body: IDEMPOTENCY_KEY_REUSED, nothing written', async () => {
      const { world, move } = await withOrder();
      const { order } = await move(admin, 'CONFIRMED', { idempotencyKey: 'k-1' });

      await expect(move(admin, 'PREPARING', { idempotencyKey: 'k-1' })).rejects.toBeInstanceOf(
        IdempotencyKeyReusedError,
      );
      await expect(move(admin, 'CONFIRMED', { idempotencyKey: 'k-1', reason: 'x' })).rejects.toBeInstanceOf(
        IdempotencyKeyReusedError,
      );
      expect(await world.orders.findById(order.id)).toStrictEqual(order);
    });

    it('answers another customer’s key on my order with 404, not a replay or a reuse', async () => {
      const { move } = await withOrder();
      await move(ann, 'CANCELLED', { idempotencyKey: 'k-1' });

      await expect(
        move(anActor({ role: 'customer' }), 'CANCELLED', { idempotencyKey: 'k-1' }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses a key outside 1–255 characters as a validation failure', async () => {
      const { move } = await withOrder();

      await expect(move(kitchen, 'CONFIRMED', { idempotencyKey: '' })).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(move(kitchen, 'CONFIRMED', { idempotencyKey: 'k'.repeat(256) })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });

    it('of 20 concurrent moves with one key, every one answers 200 with the one order written', async () => {
      const { world, order, move } = await withOrder();

      const answers = await Promise.all(
        Array.from({ length: 20 }, () => move(kitchen, 'CONFIRMED', { idempotencyKey: 'k-race' })),
      );

      const stored = await world.orders.findById(order.id);
      expect(stored?.version).toBe(2);
      expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
      expect(answers.map((answer) => answer.order)).toStrictEqual(answers.map(() => stored));
    });
  });

  describe('losing a race: answered on the state that won, never retried', () => {
    it('gives the domain verdict on the new state: INVALID_TRANSITION', async () => {
      const { world, order, move } = await withOrder();
      world.orders.beforeNextTransition(() => move(ann, 'CANCELLED'));

      const refused = move(kitchen, 'CONFIRMED');

      await expect(refused).rejects.toBeInstanceOf(InvalidTransitionError);
      await expect(refused).rejects.toMatchObject({
        details: { currentStatus: 'CANCELLED', allowedTransitions: [] },
      });
      const stored = await world.orders.findById(order.id);
      expect(stored?.history.map((entry) => entry.to)).toEqual(['CREATED', 'CANCELLED']);
    });

    it('gives PRECONDITION_FAILED with the winning version when an expected version was sent', async () => {
      const { world, move } = await withOrder();
      world.orders.beforeNextTransition(() => move(ann, 'CANCELLED'));

      await expect(move(kitchen, 'CONFIRMED', { expectedVersion: 1 })).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
        details: { currentVersion: 2, currentStatus: 'CANCELLED' },
      });
    });

    it('never turns a plain cancel into an override: it is judged on the state found, nothing written', async () => {
      const { world, order, move } = await withOrder();
      world.orders.beforeNextTransition(() => move(kitchen, 'CONFIRMED'));

      await expect(move(admin, 'CANCELLED')).rejects.toMatchObject({ code: 'OVERRIDE_REASON_REQUIRED' });
      const stored = await world.orders.findById(order.id);
      expect(stored?.history.map((entry) => entry.to)).toEqual([
        ...order.history.map((e) => e.to),
        'CONFIRMED',
      ]);
    });

    it('does not apply a move the new state would allow too: it was decided on the old one', async () => {
      const { world, order, move } = await withOrder();
      world.orders.beforeNextTransition(() => move(kitchen, 'CONFIRMED'));

      const refused = move(admin, 'READY', { reason: 'rush order' });

      await expect(refused).rejects.toMatchObject({
        code: 'INVALID_TRANSITION',
        details: { currentStatus: 'CONFIRMED' },
      });
      const stored = (await world.orders.findById(order.id)) as Order;
      expect({ status: stored.status, version: stored.version }).toEqual({ status: 'CONFIRMED', version: 2 });
    });

    it('of 20 concurrent moves of one order, exactly one lands and history grows by one', async () => {
      const { world, order, move } = await withOrder();

      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          i % 2 === 0 ? move(kitchen, 'CONFIRMED') : move(ann, 'CANCELLED'),
        ),
      );

      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(InvalidTransitionError);
      }
      const stored = await world.orders.findById(order.id);
      expect(stored?.version).toBe(2);
      expect(stored?.history).toHaveLength(2);
    });
  });
});

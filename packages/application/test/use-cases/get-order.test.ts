import { ROLES } from '@food-oms/domain';
import { describe, expect, it } from 'vitest';
import { GetOrder, NotFoundError } from '../../src/index.ts';
import { anActor, anOrder } from '../../src/testing/index.ts';
import { anInMemoryWorld } from '../support/in-memory-world.ts';

const ann = anActor({ role: 'customer' });

async function withAnnsOrder() {
  const world = anInMemoryWorld();
  const order = anOrder({ customerId: ann.id, status: 'PREPARING' });
  await world.orders.insert(order, { key: 'k', fingerprint: 'f' });
  return { getOrder: new GetOrder(world), order };
}

describe('GetOrder', () => {
  it('shows a customer their own order', async () => {
    const { getOrder, order } = await withAnnsOrder();

    await expect(getOrder.execute({ actor: ann, orderId: order.id })).resolves.toStrictEqual({ order });
  });

  it.each(['kitchen', 'admin'] as const)("shows a %s any customer's order", async (role) => {
    const { getOrder, order } = await withAnnsOrder();

    await expect(getOrder.execute({ actor: anActor({ role }), orderId: order.id })).resolves.toStrictEqual({
      order,
    });
  });

  it('answers another customer exactly as for a missing order: NotFoundError', async () => {
    const { getOrder, order } = await withAnnsOrder();

    const hidden = await getOrder.execute({ actor: anActor(), orderId: order.id }).catch((e) => e);
    const missing = await getOrder.execute({ actor: ann, orderId: anOrder().id }).catch((e) => e);

    expect(hidden).toBeInstanceOf(NotFoundError);
    expect({ code: hidden.code, message: hidden.message }).toEqual({
      code: missing.code,
      message: missing.message,
    });
  });

  it.each(ROLES)('answers a %s NotFoundError for an unknown id', async (role) => {
    const { getOrder } = await withAnnsOrder();

    await expect(
      getOrder.execute({ actor: anActor({ role }), orderId: anOrder().id }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

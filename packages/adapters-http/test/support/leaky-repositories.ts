import {
  InMemoryMenuRepository,
  InMemoryOrderRepository,
  InMemoryUserRepository,
} from '@food-oms/adapters-memory';
import type { IdempotencyClaim, InsertOrderResult, OrderListQuery } from '@food-oms/application';
import type { MenuItem, Order, OrderId, User, UserId } from '@food-oms/domain';

/**
 * Stores that hand out more than the domain types say, as a careless database adapter
 * might (raw documents with _id, the hash, the idempotency key): the response schemas must
 * drop all of it.
 */
export const SECRET_FIELDS = {
  _id: 'internal-object-id',
  passwordHash: 'fake$cost=1$secret-hash',
  idempotencyKey: 'the-idempotency-key',
  fingerprint: 'the-request-fingerprint',
} as const;

function leak<T extends object>(value: T): T {
  return { ...value, ...SECRET_FIELDS };
}

export class LeakyUserRepository extends InMemoryUserRepository {
  override async findById(id: UserId): Promise<User | null> {
    const user = await super.findById(id);
    return user === null ? null : leak(user);
  }
}

export class LeakyMenuRepository extends InMemoryMenuRepository {
  override async list(): Promise<MenuItem[]> {
    return (await super.list()).map(leak);
  }
}

export class LeakyOrderRepository extends InMemoryOrderRepository {
  override async insert(order: Order, claim: IdempotencyClaim): Promise<InsertOrderResult> {
    const result = await super.insert(order, claim);
    return { ...result, order: leak(result.order) };
  }

  override async findById(id: OrderId): Promise<Order | null> {
    const order = await super.findById(id);
    return order === null ? null : leak({ ...order, history: order.history.map(leak) });
  }

  override async list(query: OrderListQuery): Promise<Order[]> {
    return (await super.list(query)).map(leak);
  }
}

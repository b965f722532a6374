import {
  type Actor,
  checkIdempotencyKey,
  ForbiddenError,
  type MenuItem,
  type MenuItemId,
  newMenuItem,
} from '@food-oms/domain';
import { IdempotencyKeyReusedError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { Fingerprint } from '../ports/fingerprint.ts';
import type { IdGenerator } from '../ports/id-generator.ts';
import type { MenuRepository } from '../ports/menu-repository.ts';
import { fingerprintOf } from './idempotency-key.ts';

export interface CreateMenuItemDeps {
  readonly menu: MenuRepository;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  readonly fingerprint: Fingerprint;
}

export interface CreateMenuItemInput {
  readonly actor: Actor;
  readonly name: string;
  readonly priceCents: number;
  readonly available?: boolean;
  /** Scoped to the admin: the same request again answers with the item it made. */
  readonly idempotencyKey?: string;
}

export interface CreateMenuItemOutput {
  readonly menuItem: MenuItem;
  /** True when this key already made `menuItem`: nothing new was written. */
  readonly replayed: boolean;
}

export class CreateMenuItem {
  readonly #deps: CreateMenuItemDeps;

  constructor(deps: CreateMenuItemDeps) {
    this.#deps = deps;
  }

  /**
   * Throws ForbiddenError unless the actor is an admin, ValidationError for a bad name, price
   * or key (the key is not consumed), IdempotencyKeyReusedError for a used key with another body.
   */
  async execute(input: CreateMenuItemInput): Promise<CreateMenuItemOutput> {
    // HTTP checks the role too; this check keeps the rule true for any other caller.
    if (input.actor.role !== 'admin') throw new ForbiddenError('Only admins may change the menu.');
    const { idempotencyKey } = input;
    if (idempotencyKey !== undefined) checkIdempotencyKey(idempotencyKey);
    const { menu, ids, clock } = this.#deps;
    const menuItem = newMenuItem({
      id: ids.next() as MenuItemId,
      name: input.name,
      priceCents: input.priceCents,
      ...(input.available !== undefined && { available: input.available }),
      at: clock.now(),
    });
    if (idempotencyKey === undefined) {
      await menu.insert(menuItem);
      return { menuItem, replayed: false };
    }
    // The item as the domain normalised it, without what differs on every attempt.
    const { name, priceCents, available } = menuItem;
    const fingerprint = fingerprintOf(this.#deps.fingerprint, { name, priceCents, available });
    const result = await menu.insert(menuItem, { adminId: input.actor.id, key: idempotencyKey, fingerprint });
    if (result.kind === 'inserted') return { menuItem: result.item, replayed: false };
    if (result.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    return { menuItem: result.item, replayed: true };
  }
}

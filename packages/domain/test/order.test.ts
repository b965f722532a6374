import { describe, expect, it } from 'vitest';
import {
  checkMenuItemChanges,
  checkOrderRequest,
  checkPassword,
  isCents,
  multiplyCents,
  newMenuItem,
  newOrder,
  newUser,
  type OrderId,
  type OrderRequest,
  sumCents,
  type UserId,
  ValidationError,
  type Violation,
} from '../src/index.ts';
import { aMenuItem, BUILT_AT, CUSTOMER_ID, menuItemId, menuOf } from '../src/testing/index.ts';

function violationsOf(action: () => unknown): readonly Violation[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error.details.violations;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

function pointersOf(action: () => unknown): string[] {
  return violationsOf(action).map((v) => v.pointer);
}

function aRequest(overrides: Partial<OrderRequest> = {}): OrderRequest {
  return { items: [{ menuItemId: menuItemId(1), quantity: 1 }], ...overrides };
}

function distinctItems(count: number): OrderRequest['items'] {
  return Array.from({ length: count }, (_, i) => ({ menuItemId: menuItemId(i + 1), quantity: 1 }));
}

describe('checkOrderRequest', () => {
  it('accepts 1 and 50 distinct items and refuses 0 and 51', () => {
    expect(checkOrderRequest(aRequest({ items: distinctItems(1) })).items).toHaveLength(1);
    expect(checkOrderRequest(aRequest({ items: distinctItems(50) })).items).toHaveLength(50);
    expect(pointersOf(() => checkOrderRequest(aRequest({ items: [] })))).toEqual(['/items']);
    expect(pointersOf(() => checkOrderRequest(aRequest({ items: distinctItems(51) })))).toEqual(['/items']);
  });

  it('points at the repeated occurrence of a duplicate item', () => {
    const items = [...distinctItems(2), { menuItemId: menuItemId(1), quantity: 3 }];
    expect(violationsOf(() => checkOrderRequest(aRequest({ items })))).toEqual([
      { pointer: '/items/2/menuItemId', message: 'appears more than once' },
    ]);
  });

  it.each([0, 51, 1.5, -1, Number.NaN])('refuses a quantity of %s', (quantity) => {
    const items = [...distinctItems(1), { menuItemId: menuItemId(2), quantity }];
    expect(pointersOf(() => checkOrderRequest(aRequest({ items })))).toEqual(['/items/1/quantity']);
  });

  it.each([1, 50])('accepts a quantity of %s', (quantity) => {
    const { items } = checkOrderRequest(aRequest({ items: [{ menuItemId: menuItemId(1), quantity }] }));
    expect(items).toEqual([{ menuItemId: menuItemId(1), quantity }]);
  });

  it('accepts a note of 500 characters and refuses 501', () => {
    expect(checkOrderRequest(aRequest({ note: 'n'.repeat(500) })).note).toBe('n'.repeat(500));
    expect(pointersOf(() => checkOrderRequest(aRequest({ note: 'n'.repeat(501) })))).toEqual(['/note']);
  });

  it('trims the note before measuring it, and turns a blank or absent note into null', () => {
    expect(checkOrderRequest(aRequest({ note: `  ${'n'.repeat(500)}\n` })).note).toBe('n'.repeat(500));
    expect(checkOrderRequest(aRequest({ note: '  no onions ' })).note).toBe('no onions');
    expect(checkOrderRequest(aRequest({ note: ' \t\n ' })).note).toBeNull();
    expect(checkOrderRequest(aRequest({ note: null })).note).toBeNull();
    expect(checkOrderRequest(aRequest()).note).toBeNull();
  });

  it('reports every fault at once', () => {
    const items = [
      { menuItemId: menuItemId(1), quantity: 0 },
      { menuItemId: menuItemId(1), quantity: 2 },
    ];
    expect(pointersOf(() => checkOrderRequest({ items, note: 'n'.repeat(501) }))).toEqual([
      '/items/0/quantity',
      '/items/1/menuItemId',
      '/note',
    ]);
  });
});

describe('newOrder', () => {
  const pizza = aMenuItem({ id: menuItemId(1), name: 'Margherita', priceCents: 850 });
  const soda = aMenuItem({ id: menuItemId(2), name: 'Lemon soda', priceCents: 275 });

  function place(request: OrderRequest, menu = menuOf(pizza, soda)) {
    return newOrder({
      id: '01955a3e-0000-7000-8000-0000000000c1' as OrderId,
      customerId: CUSTOMER_ID,
      request: checkOrderRequest(request),
      menu,
      at: BUILT_AT,
      requestId: 'req-42',
    });
  }

  it('prices every line from the menu, snapshotting name and unit price', () => {
    const order = place({
      items: [
        { menuItemId: pizza.id, quantity: 2 },
        { menuItemId: soda.id, quantity: 3 },
      ],
    });
    expect(order.items).toEqual([
      { menuItemId: pizza.id, name: 'Margherita', unitPriceCents: 850, quantity: 2, lineTotalCents: 1700 },
      { menuItemId: soda.id, name: 'Lemon soda', unitPriceCents: 275, quantity: 3, lineTotalCents: 825 },
    ]);
    expect(order.totalCents).toBe(2525);
  });

  it('starts in CREATED at version 1, its creation by the customer as history entry 1', () => {
    const order = place({ items: [{ menuItemId: pizza.id, quantity: 1 }], note: ' extra basil ' });
    expect(order).toMatchObject({
      id: '01955a3e-0000-7000-8000-0000000000c1',
      customerId: CUSTOMER_ID,
      status: 'CREATED',
      note: 'extra basil',
      version: 1,
      createdAt: BUILT_AT,
      updatedAt: BUILT_AT,
    });
    expect(order.history).toEqual([
      {
        seq: 1,
        from: null,
        to: 'CREATED',
        at: BUILT_AT,
        actor: { id: CUSTOMER_ID, role: 'customer' },
        reason: null,
        override: false,
        requestId: 'req-42',
      },
    ]);
  });

  it('prices the largest order the limits allow exactly', () => {
    const menu = Array.from({ length: 50 }, (_, i) =>
      aMenuItem({ id: menuItemId(i + 1), priceCents: 1_000_000 }),
    );
    const order = place(
      { items: menu.map((item) => ({ menuItemId: item.id, quantity: 50 })) },
      menuOf(...menu),
    );
    expect(order.totalCents).toBe(2_500_000_000);
  });

  it('is made from a checked request only: a quantity of 51 never reaches it', () => {
    expect(pointersOf(() => place({ items: [{ menuItemId: pizza.id, quantity: 51 }] }))).toEqual([
      '/items/0/quantity',
    ]);
  });

  it('checks nothing twice: only a checked request type-checks, and newOrder does not judge it again', () => {
    const unchecked = { items: [{ menuItemId: pizza.id, quantity: 51 }], note: null };
    const input = {
      id: 'o' as OrderId,
      customerId: CUSTOMER_ID,
      menu: menuOf(pizza),
      at: BUILT_AT,
      requestId: null,
    };
    // @ts-expect-error an OrderRequest is not a ValidOrderRequest until checkOrderRequest made it one
    expect(() => newOrder({ ...input, request: unchecked })).not.toThrow(ValidationError);
    expect(checkOrderRequest({ items: [{ menuItemId: pizza.id, quantity: 2 }] })).toEqual({
      items: [{ menuItemId: pizza.id, quantity: 2 }],
      note: null,
    });
  });

  it('refuses to price an item that the caller did not resolve as available', () => {
    const request = { items: [{ menuItemId: pizza.id, quantity: 1 }] };
    expect(() => place(request, menuOf(soda))).toThrow(/not resolved/);
    expect(() => place(request, menuOf({ ...pizza, available: false }))).toThrow(/not resolved/);
  });
});

describe('money', () => {
  it.each([0, 1, 2525, Number.MAX_SAFE_INTEGER])('%s is an amount of cents', (value) => {
    expect(isCents(value)).toBe(true);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '100', null])(
    '%s is not an amount of cents',
    (value) => {
      expect(isCents(value)).toBe(false);
    },
  );

  it('multiplies a unit price by a whole quantity', () => {
    expect(multiplyCents(275, 3)).toBe(825);
    expect(multiplyCents(0, 50)).toBe(0);
  });

  it('refuses a fractional quantity and a product beyond safe integers', () => {
    expect(() => multiplyCents(200, 1.5)).toThrow(ValidationError);
    expect(() => multiplyCents(Number.MAX_SAFE_INTEGER, 2)).toThrow(ValidationError);
  });

  it('sums amounts, and refuses a sum beyond safe integers', () => {
    expect(sumCents([])).toBe(0);
    expect(sumCents([1700, 825])).toBe(2525);
    expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1])).toThrow(ValidationError);
  });
});

describe('newUser', () => {
  const input = {
    id: '01955a3e-0000-7000-8000-0000000000d1' as UserId,
    email: ' Ann.Lee@Example.COM ',
    name: ' Ann Lee ',
    role: 'kitchen' as const,
    at: BUILT_AT,
  };

  it('stores the canonical email and the trimmed name', () => {
    expect(newUser(input)).toEqual({
      id: input.id,
      email: 'ann.lee@example.com',
      name: 'Ann Lee',
      role: 'kitchen',
      createdAt: BUILT_AT,
    });
  });

  it.each(['ann', 'ann@example', 'ann lee@example.com', 'ann@@example.com', 'ann@exa\u0000mple.com', ''])(
    'refuses the email %j',
    (email) => {
      expect(pointersOf(() => newUser({ ...input, email }))).toEqual(['/email']);
    },
  );

  it('accepts an email of 254 characters and refuses 255', () => {
    const email = (length: number) => `${'a'.repeat(length - '@example.com'.length)}@example.com`;
    expect(newUser({ ...input, email: email(254) }).email).toHaveLength(254);
    expect(pointersOf(() => newUser({ ...input, email: email(255) }))).toEqual(['/email']);
  });

  it('accepts a name of 1 and 100 characters and refuses a blank one or 101', () => {
    expect(newUser({ ...input, name: 'A' }).name).toBe('A');
    expect(newUser({ ...input, name: 'A'.repeat(100) }).name).toHaveLength(100);
    expect(pointersOf(() => newUser({ ...input, name: '   ' }))).toEqual(['/name']);
    expect(pointersOf(() => newUser({ ...input, name: 'A'.repeat(101) }))).toEqual(['/name']);
  });

  it('reports a bad email and a bad name together', () => {
    expect(pointersOf(() => newUser({ ...input, email: 'nope', name: '' }))).toEqual(['/email', '/name']);
  });
});

describe('checkPassword', () => {
  it.each([
    ['8 ASCII characters', 'p'.repeat(8)],
    ['128 ASCII characters', 'p'.repeat(128)],
    ['8 astral code points (16 UTF-16 units)', '🍕'.repeat(8)],
    ['128 astral code points (256 UTF-16 units)', '🍕'.repeat(128)],
  ])('accepts %s', (_, password) => {
    expect(() => checkPassword(password)).not.toThrow();
  });

  it.each([
    ['an empty password', ''],
    ['7 ASCII characters', 'p'.repeat(7)],
    ['129 ASCII characters', 'p'.repeat(129)],
    ['7 astral code points (14 UTF-16 units)', '🍕'.repeat(7)],
    ['129 astral code points', '🍕'.repeat(129)],
  ])('refuses %s', (_, password) => {
    expect(pointersOf(() => checkPassword(password))).toEqual(['/password']);
  });
});

describe('newMenuItem', () => {
  const input = { id: menuItemId(7), name: '  Calzone ', priceCents: 1150, at: BUILT_AT };

  it('trims the name, is available by default, and was created and updated at once', () => {
    expect(newMenuItem(input)).toEqual({
      id: menuItemId(7),
      name: 'Calzone',
      priceCents: 1150,
      available: true,
      createdAt: BUILT_AT,
      updatedAt: BUILT_AT,
    });
    expect(newMenuItem({ ...input, available: false }).available).toBe(false);
  });

  it.each([0, 1_000_000])('accepts a price of %s cents', (priceCents) => {
    expect(newMenuItem({ ...input, priceCents }).priceCents).toBe(priceCents);
  });

  it.each([-1, 1.5, 1_000_001, Number.NaN])('refuses a price of %s cents', (priceCents) => {
    expect(pointersOf(() => newMenuItem({ ...input, priceCents }))).toEqual(['/priceCents']);
  });

  it.each([
    ['blank', '   '],
    ['101 characters', 'c'.repeat(101)],
  ])('refuses a %s name', (_, name) => {
    expect(pointersOf(() => newMenuItem({ ...input, name }))).toEqual(['/name']);
  });
});

describe('checkMenuItemChanges', () => {
  it('refuses an empty change: a PATCH that changes nothing is a client mistake, not a no-op', () => {
    expect(() => checkMenuItemChanges({})).toThrow(ValidationError);
  });

  it('checks only the fields present, trimming the name', () => {
    expect(checkMenuItemChanges({ name: ' Calzone ' })).toEqual({ name: 'Calzone' });
    expect(checkMenuItemChanges({ priceCents: 0 })).toEqual({ priceCents: 0 });
    expect(checkMenuItemChanges({ available: false })).toEqual({ available: false });
    expect(checkMenuItemChanges({ name: 'Calzone', priceCents: 1_000_000, available: true })).toEqual({
      name: 'Calzone',
      priceCents: 1_000_000,
      available: true,
    });
  });

  it('refuses a bad name or price, reporting both', () => {
    expect(pointersOf(() => checkMenuItemChanges({ name: ' ' }))).toEqual(['/name']);
    expect(pointersOf(() => checkMenuItemChanges({ priceCents: 1_000_001 }))).toEqual(['/priceCents']);
    expect(pointersOf(() => checkMenuItemChanges({ name: '', priceCents: -1 }))).toEqual([
      '/name',
      '/priceCents',
    ]);
  });
});

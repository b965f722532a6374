import { ValidationError } from './errors.ts';

/** An amount of money in integer cents of the one currency the service runs in. */
export type Cents = number;

export function isCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function multiplyCents(unit: Cents, quantity: number): Cents {
  const total = unit * quantity;
  if (!isCents(total) || !Number.isSafeInteger(quantity)) {
    throw new ValidationError([{ pointer: '', message: 'amount is out of range' }]);
  }
  return total;
}

export function sumCents(amounts: readonly Cents[]): Cents {
  let total = 0;
  for (const amount of amounts) total += amount;
  if (!isCents(total)) throw new ValidationError([{ pointer: '', message: 'amount is out of range' }]);
  return total;
}

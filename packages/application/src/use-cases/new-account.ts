import { checkPassword, type NewUserInput, newUser, type User, ValidationError } from '@food-oms/domain';

/**
 * The user an account request describes, checked all at once: one ValidationError lists
 * every fault of email, name and password, so a client fixes them in one round trip.
 * Shared by the use cases that create users; hashing and storing stay with each of them.
 */
export function newAccount(input: NewUserInput & { readonly password: string }): User {
  const faults: ValidationError[] = [];
  let user: User | undefined;
  try {
    user = newUser(input);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    faults.push(error);
  }
  try {
    checkPassword(input.password);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    faults.push(error);
  }
  if (user === undefined || faults.length > 0) {
    throw new ValidationError(faults.flatMap((fault) => fault.details.violations));
  }
  return user;
}

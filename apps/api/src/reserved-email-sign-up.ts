import type { UseCases } from '@food-oms/adapters-http';
import { EmailTakenError } from '@food-oms/application';
import { canonicalEmail } from '@food-oms/domain';

type SignUpUseCase = UseCases['signUp'];

/**
 * Sign-up that never takes the bootstrap admin's email, whether or not the admin exists
 * yet: an instance that serves before another one has created the admin (or a database
 * restored without it) must not hand that address to whoever asks first. Answered like
 * any taken email, so it reveals nothing the 409 would not.
 */
export function sparingReservedEmail(signUp: SignUpUseCase, reserved: string | null): SignUpUseCase {
  if (reserved === null) return signUp;
  const taken = canonicalEmail(reserved);
  return {
    async execute(input) {
      if (canonicalEmail(input.email) === taken) throw new EmailTakenError();
      return signUp.execute(input);
    },
  };
}

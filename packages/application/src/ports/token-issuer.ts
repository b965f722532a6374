import type { Role, UserId } from '@food-oms/domain';

export interface AccessToken {
  readonly accessToken: string;
  /** Seconds until it expires. */
  readonly expiresIn: number;
}

export interface TokenIssuer {
  issue(subject: { readonly id: UserId; readonly role: Role }): Promise<AccessToken>;
}

import type { Role, UserId } from '@food-oms/domain';
import type { AccessToken, TokenIssuer } from '../ports/token-issuer.ts';

/** Issues readable, unsigned tokens; `subjectOf` reads one back as a verifier would. */
export class FakeTokenIssuer implements TokenIssuer {
  readonly #expiresIn: number;

  constructor(options: { readonly expiresIn?: number } = {}) {
    this.#expiresIn = options.expiresIn ?? 900;
  }

  async issue(subject: { readonly id: UserId; readonly role: Role }): Promise<AccessToken> {
    return { accessToken: `fake-token.${subject.id}.${subject.role}`, expiresIn: this.#expiresIn };
  }

  subjectOf(accessToken: string): { readonly id: string; readonly role: string } | null {
    const [prefix, id, role, ...rest] = accessToken.split('.');
    if (prefix !== 'fake-token' || id === undefined || role === undefined || rest.length > 0) return null;
    return { id, role };
  }
}

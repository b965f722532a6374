import { canonicalEmail, canonicalPassword, isValidEmail } from '@food-oms/domain';
import { InvalidCredentialsError } from '../errors.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { AccessToken, TokenIssuer } from '../ports/token-issuer.ts';
import type { UserRepository } from '../ports/user-repository.ts';

export interface LogInDeps {
  readonly users: UserRepository;
  readonly passwordHasher: PasswordHasher;
  readonly tokens: TokenIssuer;
}

export interface LogInInput {
  readonly email: string;
  readonly password: string;
}

/** The bearer token of a successful log-in. */
export type LogInOutput = AccessToken;

/** No real password is this: it only has to give the dummy hash the real hasher's cost. */
const DUMMY_PASSWORD = 'food-oms: timing equaliser for unknown emails';

export class LogIn {
  readonly #deps: LogInDeps;
  #dummyHash: Promise<string> | undefined;

  constructor(deps: LogInDeps) {
    this.#deps = deps;
  }

  /**
   * Throws InvalidCredentialsError for an unknown email and for a wrong password alike,
   * after the same verify work, so neither the answer nor its timing tells which it was.
   */
  async execute(input: LogInInput): Promise<LogInOutput> {
    const { users, passwordHasher, tokens } = this.#deps;
    const email = canonicalEmail(input.email);
    const password = canonicalPassword(input.password);
    const typed = input.password;
    // No account has an address that is not valid, so none is looked up: a database may
    // match it loosely (MongoDB turns a lone surrogate into U+FFFD, in queries too).
    const found = isValidEmail(email) ? await users.findByEmail(email) : null;
    if (found === null) {
      await passwordHasher.verify(await this.#dummy(), password);
      throw new InvalidCredentialsError();
    }
    let matched = await passwordHasher.verify(found.passwordHash, password);
    // Accounts made before passwords were hashed in NFC hold the password as it was typed:
    // it still logs in, and the hash is remade from the canonical form below.
    const legacy = !matched && typed !== password && (await passwordHasher.verify(found.passwordHash, typed));
    matched ||= legacy;
    if (!matched) throw new InvalidCredentialsError();
    // The only moment the plain password is at hand: upgrade hashes made with weaker
    // parameters, or from a password that was not canonical.
    if (legacy || passwordHasher.needsRehash(found.passwordHash)) {
      await users.updatePasswordHash(found.user.id, await passwordHasher.hash(password));
    }
    return tokens.issue({ id: found.user.id, role: found.user.role });
  }

  /** Made on first need with the same hasher, so it carries the current cost parameters. */
  #dummy(): Promise<string> {
    this.#dummyHash ??= this.#deps.passwordHasher.hash(DUMMY_PASSWORD).catch((error: unknown) => {
      this.#dummyHash = undefined;
      throw error;
    });
    return this.#dummyHash;
  }
}

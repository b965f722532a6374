import type { Clock } from './ports/clock.ts';
import type { CursorCodec } from './ports/cursor-codec.ts';
import type { Fingerprint } from './ports/fingerprint.ts';
import type { IdGenerator } from './ports/id-generator.ts';
import type { PasswordHasher } from './ports/password-hasher.ts';
import type { Store } from './ports/store.ts';
import type { TokenIssuer } from './ports/token-issuer.ts';
import { BootstrapAdmin } from './use-cases/bootstrap-admin.ts';
import { CreateMenuItem } from './use-cases/create-menu-item.ts';
import { CreateStaffUser } from './use-cases/create-staff-user.ts';
import { GetCurrentUser } from './use-cases/get-current-user.ts';
import { GetOrder } from './use-cases/get-order.ts';
import { ListMenuItems } from './use-cases/list-menu-items.ts';
import { ListOrders } from './use-cases/list-orders.ts';
import { LogIn } from './use-cases/log-in.ts';
import { PlaceOrder } from './use-cases/place-order.ts';
import { SignUp } from './use-cases/sign-up.ts';
import { TransitionOrder } from './use-cases/transition-order.ts';
import { UpdateMenuItem } from './use-cases/update-menu-item.ts';

/** Every port a use case needs; of the store only its repositories (its life cycle is the caller's). */
export interface UseCasePorts {
  readonly store: Pick<Store, 'orders' | 'users' | 'menu'>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly passwordHasher: PasswordHasher;
  readonly tokens: TokenIssuer;
  readonly cursors: CursorCodec;
  readonly fingerprint: Fingerprint;
}

/** Every use case, each given the ports it needs: the one place the application is wired. */
export function createUseCases(ports: UseCasePorts) {
  const { store, clock, ids, passwordHasher, tokens, cursors, fingerprint } = ports;
  const { orders, users, menu } = store;
  return {
    bootstrapAdmin: new BootstrapAdmin({ users, passwordHasher, ids, clock }),
    signUp: new SignUp({ users, passwordHasher, ids, clock }),
    logIn: new LogIn({ users, passwordHasher, tokens }),
    getCurrentUser: new GetCurrentUser({ users }),
    createStaffUser: new CreateStaffUser({ users, passwordHasher, ids, clock }),
    createMenuItem: new CreateMenuItem({ menu, ids, clock, fingerprint }),
    updateMenuItem: new UpdateMenuItem({ menu, clock }),
    listMenuItems: new ListMenuItems({ menu }),
    placeOrder: new PlaceOrder({ orders, menu, ids, clock, fingerprint }),
    transitionOrder: new TransitionOrder({ orders, clock }),
    getOrder: new GetOrder({ orders }),
    listOrders: new ListOrders({ orders, cursors }),
  };
}

export type ApplicationUseCases = ReturnType<typeof createUseCases>;

import type {
  CreateMenuItem,
  CreateStaffUser,
  GetCurrentUser,
  GetOrder,
  ListMenuItems,
  ListOrders,
  LogIn,
  PlaceOrder,
  SignUp,
  TransitionOrder,
  UpdateMenuItem,
} from '@food-oms/application';

/** Only the entry point matters here: any object with the use case's `execute` will do. */
type UseCase<T extends { execute: unknown }> = Pick<T, 'execute'>;

/** What the routes call; the composition root hands in the real use cases. */
export interface UseCases {
  readonly signUp: UseCase<SignUp>;
  readonly logIn: UseCase<LogIn>;
  readonly getCurrentUser: UseCase<GetCurrentUser>;
  readonly createStaffUser: UseCase<CreateStaffUser>;
  readonly createMenuItem: UseCase<CreateMenuItem>;
  readonly updateMenuItem: UseCase<UpdateMenuItem>;
  readonly listMenuItems: UseCase<ListMenuItems>;
  readonly placeOrder: UseCase<PlaceOrder>;
  readonly transitionOrder: UseCase<TransitionOrder>;
  readonly getOrder: UseCase<GetOrder>;
  readonly listOrders: UseCase<ListOrders>;
}

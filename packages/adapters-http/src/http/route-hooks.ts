/**
 * A route's hooks of one kind with `hook` after them, for an onRoute hook that gives a
 * route what its config asks for: routes that ask for nothing carry no hook at all, and
 * the hook reads the config once, at registration, instead of on every request.
 */
export function withRouteHook<Hook>(existing: Hook | readonly Hook[] | undefined, hook: Hook): Hook[] {
  if (existing === undefined) return [hook];
  return [...(Array.isArray(existing) ? (existing as readonly Hook[]) : [existing as Hook]), hook];
}

export { JwtTokenIssuer, MIN_JWT_SECRET_BYTES } from './auth/jwt-token-issuer.ts';
export { buildHttpApp, type HttpAppOptions } from './build-http-app.ts';
export { HTTP_TIMEOUT_DEFAULTS, type HttpTimeouts, nodeServerTimeouts } from './http/timeouts.ts';
export type { HttpMetrics } from './observability/http-metrics.ts';
export type { RateLimits } from './rate-limit/rate-limit-policies.ts';
export { RATE_LIMIT_NAMESPACE } from './rate-limit/rate-limiting.ts';
export type { UseCases } from './use-cases.ts';

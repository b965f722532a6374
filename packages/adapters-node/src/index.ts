export { ARGON2_MINIMUM, Argon2PasswordHasher } from './argon2-password-hasher.ts';
export { HmacCursorCodec } from './hmac-cursor-codec.ts';
export { Sha256Fingerprint } from './sha256-fingerprint.ts';
export { SystemClock } from './system-clock.ts';
export { UuidV7IdGenerator } from './uuid-v7-id-generator.ts';

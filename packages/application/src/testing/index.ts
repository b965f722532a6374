// The domain's builders, extended with the doubles of the application's ports and the
// contract suites every adapter of a port runs.
export * from '@food-oms/domain/testing';
export type { ContractSetup } from './contracts/contract-setup.ts';
export { describeMenuRepositoryContract } from './contracts/menu-repository-contract.ts';
export { describeOrderRepositoryContract } from './contracts/order-repository-contract.ts';
export { describeUserRepositoryContract } from './contracts/user-repository-contract.ts';
export { FakeCursorCodec } from './fake-cursor-codec.ts';
export { FakeFingerprint } from './fake-fingerprint.ts';
export { FakePasswordHasher } from './fake-password-hasher.ts';
export { FakeTokenIssuer } from './fake-token-issuer.ts';
export { FixedClock } from './fixed-clock.ts';
export { SequentialIdGenerator } from './sequential-id-generator.ts';

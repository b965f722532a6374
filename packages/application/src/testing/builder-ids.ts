import { SequentialIdGenerator } from './sequential-id-generator.ts';

/**
 * One source for every builder's default ids, so no two built things share one. It starts
 * a year before SequentialIdGenerator's default, so built ids never collide with the ids a
 * use case under test generates.
 */
export const builderIds = new SequentialIdGenerator({ startAt: new Date('2024-01-01T00:00:00.000Z') });

/** When built things happen unless a test says otherwise. */
export const BUILT_AT = new Date('2025-01-01T08:00:00.000Z');

import { useMongoTestDatabase } from '@food-oms/adapters-mongo/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkLoneSurrogates, checkLookalikes } from './support/abuse-emails.ts';
import {
  type AbuseWorld,
  expectUntouched,
  type Snapshot,
  secretsOf,
  snapshotOf,
  startAbuseWorld,
} from './support/abuse-world.ts';

// Which account an address names must not depend on the store. MongoDB keeps strings as
// UTF-8, in queries as in documents, so the look-alike properties of abuse.test.ts run
// here again through the real composition root on the MongoDB adapter. The rest of the
// abuse suite attacks the HTTP edge, which refuses hostile input before any store sees it.

const mongo = useMongoTestDatabase();

describe.skipIf(!mongo.available)('look-alike emails on MongoDB', () => {
  let world: AbuseWorld;
  let before: Snapshot;
  let secrets: string[];

  beforeAll(async () => {
    const { uri, dbName } = mongo.get();
    world = await startAbuseWorld({ MONGODB_URI: uri, MONGODB_DB: dbName });
    before = await snapshotOf(world);
    secrets = secretsOf(world, before);
  });
  afterAll(async () => {
    await world?.api.stop();
  });

  it('look-alike emails are other addresses: only the canonical one collides, none logs in as the victim', async () => {
    await checkLookalikes(world, {
      numRuns: 20,
      secrets,
      untouched: () => expectUntouched(world, before, { menu: true }),
    });
  });

  it('an address with a lone surrogate is refused, and never logs in as the one with U+FFFD', async () => {
    await checkLoneSurrogates(world);
  });
});

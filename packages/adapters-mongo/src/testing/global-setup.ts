import type { TestProject } from 'vitest/node';
import type { MongoTarget } from './mongo-target.ts';

const MONGO_IMAGE = 'mongo:8.0';

interface Started {
  readonly target: MongoTarget;
  readonly stop: () => Promise<void>;
}

async function startTestcontainer(): Promise<Started | string> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    return `no MONGODB_URI and no Docker engine for Testcontainers (${(error as Error).message.split('\n')[0]})`;
  }
  const { MongoDBContainer } = await import('@testcontainers/mongodb');
  // MongoDBContainer starts a single-node replica set, like production deployments.
  const container = await new MongoDBContainer(MONGO_IMAGE).start();
  return {
    target: {
      kind: 'server',
      uri: `${container.getConnectionString()}?directConnection=true`,
      source: 'testcontainers',
    },
    stop: async () => {
      await container.stop();
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let started: Started | string;
  const uri = process.env.MONGODB_URI;
  if (uri !== undefined && uri !== '') {
    started = { target: { kind: 'server', uri, source: 'MONGODB_URI' }, stop: async () => {} };
  } else {
    started = await startTestcontainer();
  }

  if (typeof started === 'string') {
    if (process.env.REQUIRE_MONGO === '1') {
      throw new Error(`REQUIRE_MONGO=1, but the MongoDB suites cannot run: ${started}.`);
    }
    console.warn(`\n[mongo] MongoDB suites are SKIPPED: ${started}. Set MONGODB_URI to run them.\n`);
    project.provide('mongo', { kind: 'none', reason: started });
    return async () => {};
  }

  const { target } = started;
  if (target.kind === 'server') {
    const where = target.source === 'MONGODB_URI' ? 'MONGODB_URI' : `Testcontainers (${MONGO_IMAGE})`;
    console.warn(`\n[mongo] MongoDB suites run against ${where}.\n`);
  }
  project.provide('mongo', target);
  return started.stop;
}

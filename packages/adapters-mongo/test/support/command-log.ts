import { type Db, type Document, MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import type { MongoTestHandle } from '../../src/testing/index.ts';

export interface SentCommand {
  readonly name: string;
  readonly body: Document;
}

export interface CommandLog {
  /** The test file's database, reached through a client that records what it sends. */
  db(): Db;
  /** Runs `action` and returns the commands the client sent meanwhile, in order. */
  during(action: () => Promise<unknown>): Promise<SentCommand[]>;
}

/**
 * A second client on the test file's database with the driver's command monitoring on
 * ('commandStarted' events), to check what a repository really sends to the server.
 */
export function useCommandLog(mongo: MongoTestHandle): CommandLog {
  let client: MongoClient | undefined;
  const sent: SentCommand[] = [];
  beforeAll(async () => {
    client = new MongoClient(mongo.get().uri, { monitorCommands: true });
    client.on('commandStarted', (event) => sent.push({ name: event.commandName, body: event.command }));
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
  });
  return {
    db() {
      if (client === undefined) throw new Error('useCommandLog: the client is ready only inside tests');
      return client.db(mongo.get().dbName);
    },
    async during(action) {
      sent.length = 0;
      await action();
      return sent.splice(0);
    },
  };
}

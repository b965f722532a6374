import type { MongoClient } from 'mongodb';

/** Attempts that fail faster than this (a DNS error, say) wait out the rest before the next one. */
const MIN_ATTEMPT_INTERVAL_MS = 1000;

/**
 * Connects `client` in the background until it succeeds. Needed because the driver gives up
 * on a first connect that fails (the database is down while the API starts): it closes that
 * topology, and every later operation then fails with "Topology is closed" instead of
 * connecting again. Starting over at once keeps a topology waiting for the server, so the
 * first request after the database returns succeeds. Once connected, the driver's own
 * monitoring rides out later outages, and this has nothing left to do.
 */
export function keepConnecting(client: MongoClient): { stop(): void } {
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const attempt = (): void => {
    const started = performance.now();
    client.connect().catch(() => {
      if (stopped) return;
      const wait = MIN_ATTEMPT_INTERVAL_MS - (performance.now() - started);
      if (wait <= 0) attempt();
      else retry = setTimeout(attempt, wait);
    });
  };
  attempt();

  return {
    stop() {
      stopped = true;
      clearTimeout(retry);
    },
  };
}

import type { MongoClient, ServerHeartbeatStartedEvent } from 'mongodb';

/** Attempts that fail faster than this (a DNS error, say) wait out the rest before the next one. */
const MIN_ATTEMPT_INTERVAL_MS = 1000;
/** How often the heartbeat watchdog looks, and how late a heartbeat may end beyond its own bound. */
const WATCHDOG_INTERVAL_MS = 1000;
const HEARTBEAT_GRACE_MS = 1000;

/**
 * Keeps `client` connected, with two repairs the driver (mongodb 7.9) does not make itself.
 *
 * 1. A first connect that fails (the database is down while the API starts) makes the driver
 *    close that topology, and every later operation then fails with "Topology is closed"
 *    instead of connecting again. So connecting starts over until it succeeds, and the first
 *    request after the database returns succeeds.
 * 2. A heartbeat sent on a monitoring connection that closes while the command is being
 *    encoded is written to a destroyed socket: the write neither fails nor drains, the
 *    monitor waits on it forever and never checks the server again, so the server stays
 *    "Unknown" and every operation fails server selection although the database is back.
 *    (The driver resets the monitor of a server that sent a topologyVersion, as MongoDB
 *    does, on such a network error, which likely spares it; FerretDB sends none, and a cut
 *    connection wedged the monitor in about half of all cuts.) So a watchdog restarts the
 *    connection when a heartbeat outlives the driver's own bound for it.
 */
export function keepConnecting(client: MongoClient): { stop(): void } {
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let restarting = false;
  /** Heartbeats started and not yet ended, by server address: when each must end at the latest. */
  const heartbeatDeadlines = new Map<string, number>();

  const attempt = (): void => {
    const started = performance.now();
    client.connect().catch(() => {
      if (stopped) return;
      const wait = MIN_ATTEMPT_INTERVAL_MS - (performance.now() - started);
      if (wait <= 0) attempt();
      else retry = setTimeout(attempt, wait);
    });
  };

  const { connectTimeoutMS, heartbeatFrequencyMS } = client.options;
  client.on('serverHeartbeatStarted', (event: ServerHeartbeatStartedEvent) => {
    // The driver's bounds: an awaited (streaming) hello may wait heartbeatFrequencyMS for
    // news, plus connectTimeoutMS; a polled one opens a connection and says hello, each
    // within connectTimeoutMS.
    const bound = event.awaited ? heartbeatFrequencyMS + connectTimeoutMS : 2 * connectTimeoutMS;
    heartbeatDeadlines.set(event.connectionId, performance.now() + bound + HEARTBEAT_GRACE_MS);
  });
  const ended = (event: { readonly connectionId: string }) => heartbeatDeadlines.delete(event.connectionId);
  client.on('serverHeartbeatSucceeded', ended);
  client.on('serverHeartbeatFailed', ended);
  // A server leaving the topology (a replica set member removed) takes its monitor along.
  client.on('serverClosed', (event) => heartbeatDeadlines.delete(event.address));

  const restart = async (): Promise<void> => {
    restarting = true;
    heartbeatDeadlines.clear();
    try {
      // Closing fails the operations in flight (their callers see the database unavailable)
      // and disposes of the stuck monitor; connecting again builds a fresh topology.
      await client.close();
    } catch {
      // Nothing to save: connecting again replaces the topology either way.
    }
    restarting = false;
    if (!stopped) attempt();
  };
  const watchdog = setInterval(() => {
    if (restarting) return;
    const now = performance.now();
    for (const deadline of heartbeatDeadlines.values()) {
      if (deadline < now) {
        void restart();
        return;
      }
    }
  }, WATCHDOG_INTERVAL_MS).unref();

  attempt();

  return {
    stop() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(watchdog);
    },
  };
}

import closeWithGrace from 'close-with-grace';
import { createApi } from './api.ts';
import { ConfigError, loadConfig } from './config.ts';
import { announceListening } from './launcher.ts';
import { releaseStartUpMemory } from './start-up-memory.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`food-oms: invalid configuration: ${error.message}`);
  process.exit(1);
}

const api = await createApi(config, {
  // Exit non-zero so a supervisor restarts (or reports) an instance that cannot serve.
  onFatal: () => {
    void api.stop().finally(() => process.exit(1));
  },
  // Start-up is over: what it left behind goes back to the operating system.
  onPrepared: releaseStartUpMemory,
});

// SIGTERM/SIGINT: stop accepting, let in-flight requests finish within the bound, close
// the database, exit 0. A second signal or the timeout ends the process at once.
closeWithGrace({ delay: config.shutdownTimeoutMs, logger: api.app.log }, async ({ signal, err }) => {
  if (err !== undefined) api.app.log.fatal({ err }, 'crashed; shutting down');
  else api.app.log.info({ signal }, 'shutting down');
  await api.stop();
});

announceListening(await api.start());

import { startApiProcess } from '../apps/api/test/support/api-process.ts';

/** A server the benchmark started as a child process (the real API, or the ceiling). */
export interface ChildServer {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Everything it wrote, for the error message when it fails. */
  readonly output: string[];
  /** SIGTERM (a graceful stop, which also writes a --cpu-prof profile); SIGKILL after 20 s. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Runs `node [nodeArgs] script` on 127.0.0.1, port 0, with `env` on a clean environment
 * (PATH only), through the end-to-end tests' startApiProcess, which takes the port from the
 * server's "Server listening at <url>" line; then resolves once GET `readyPath` answers 200.
 */
export async function startChildServer(options: {
  readonly name: string;
  /** Default: the API's main.ts. */
  readonly script?: string;
  readonly env: Record<string, string>;
  readonly nodeArgs?: readonly string[];
  readonly readyPath: string;
}): Promise<ChildServer> {
  const server = await startApiProcess(
    { HOST: '127.0.0.1', ...options.env },
    {
      nodeArgs: options.nodeArgs ?? [],
      ...(options.script !== undefined && { script: options.script }),
    },
  );
  const { child, output, url } = server;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await server.stop('SIGTERM');
    clearTimeout(killer);
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.name} exited before it was ready:\n${output.join('\n')}`);
    }
    try {
      const response = await fetch(`${url}${options.readyPath}`);
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // Not answering yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} was not ready within ${READY_TIMEOUT_MS} ms:\n${output.join('\n')}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }

  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.name} has no pid`);
  return { name: options.name, url, pid, output, stop };
}

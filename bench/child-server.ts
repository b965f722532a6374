import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

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

/** A port the kernel just had free. The logs may be off (LOG_LEVEL=warn), so the port is chosen here. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Runs `node [nodeArgs] script` on 127.0.0.1:<free port> with `env` on a clean environment
 * (PATH only), and resolves once GET `readyPath` answers 200.
 */
export async function startChildServer(options: {
  readonly name: string;
  readonly script: string;
  readonly env: Record<string, string>;
  readonly nodeArgs?: readonly string[];
  readonly readyPath: string;
}): Promise<ChildServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

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
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} was not ready within ${READY_TIMEOUT_MS} ms:\n${output.join('\n')}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }

  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.name} has no pid`);
  return {
    name: options.name,
    url,
    pid,
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

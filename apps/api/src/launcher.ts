// Starts the API (or another server that speaks the same one-message protocol) as a child
// process and learns where it listens without parsing its logs: the server sends
// LISTENING_MESSAGE over the IPC channel once it listens, whatever LOG_LEVEL says. For tools
// that run the real composition root: the end-to-end tests, the benchmarks.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** `apps/api/src/main.ts`: the API from its sources, through Node's type stripping. */
export const API_MAIN = join(import.meta.dirname, '..', 'src', 'main.ts');

/**
 * The API as `./pnpm start` runs it: `apps/api/dist/main.js`, with every workspace package
 * resolved to its dist by the food-oms-dist export condition, and type stripping off, so a
 * TypeScript module reached by mistake fails the start instead of loading. `node
 * scripts/build.mjs` (the start command's first step) makes dist; launch with
 * `{ script, nodeArgs }` from here.
 */
export const API_BUILT = {
  script: join(import.meta.dirname, '..', 'dist', 'main.js'),
  nodeArgs: ['--conditions=food-oms-dist', '--no-experimental-strip-types'],
} as const;

/** The script that builds every workspace package's dist from its src. */
export const BUILD_SCRIPT = join(import.meta.dirname, '..', '..', '..', 'scripts', 'build.mjs');

/** What a server sends its parent once it listens: `{ type: LISTENING_MESSAGE, url }`. */
export const LISTENING_MESSAGE = 'food-oms:listening';

/** Tells the parent, if there is one listening over IPC, where this process serves. */
export function announceListening(url: string): void {
  if (process.send === undefined) return;
  process.send({ type: LISTENING_MESSAGE, url });
  // The channel must not keep the process alive: it exits when its work is done.
  process.channel?.unref();
}

export interface LaunchOptions {
  /** On top of PATH (and PORT=0, HOST=127.0.0.1, which it may override): a clean environment. */
  readonly env?: Record<string, string>;
  /** Node flags before the script, e.g. --cpu-prof. */
  readonly nodeArgs?: readonly string[];
  /** Default: the API's main.ts. */
  readonly script?: string;
  /** How long to wait for the listening message; default 20 s. */
  readonly timeoutMs?: number;
}

export interface LaunchedServer {
  readonly url: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** Every line it wrote so far, stdout and stderr. */
  readonly output: string[];
  /** Resolves with the exit code once the process has ended, however it ended. */
  readonly exited: Promise<number | null>;
  /** Sends the signal (default SIGTERM: a graceful stop) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns the server on a free loopback port and resolves once it says where it listens. */
export async function launchServer(options: LaunchOptions = {}): Promise<LaunchedServer> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script ?? API_MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output: string[] = [];
  forEachLine(child.stdout, (line) => output.push(line));
  forEachLine(child.stderr, (line) => output.push(line));
  // The exit code once stdout and stderr are drained too, so that `output` is complete. (Not
  // 'close': it waits for the IPC channel as well, which a disconnect does not count as closed.)
  const drained = [child.stdout, child.stderr].map(
    (stream) => new Promise<void>((resolve) => (stream === null ? resolve() : stream.once('close', resolve))),
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))).then(
    async (code) => {
      await Promise.all(drained);
      return code;
    },
  );

  const timeoutMs = options.timeoutMs ?? 20_000;
  const url = await new Promise<string>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}:\n${output.join('\n')}`));
    };
    const timer = setTimeout(() => fail(`the server did not listen within ${timeoutMs} ms`), timeoutMs);
    child.on('message', (message: { type?: unknown; url?: unknown }) => {
      if (message?.type !== LISTENING_MESSAGE || typeof message.url !== 'string') return;
      clearTimeout(timer);
      child.disconnect();
      resolve(message.url);
    });
    void exited.then((code) => fail(`the server exited with ${code} before it listened`));
  });

  const pid = child.pid;
  if (pid === undefined) throw new Error('the server has no pid');
  return {
    url,
    child,
    pid,
    output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Calls `onLine` with every complete line, however the pipe happens to chunk them. */
function forEachLine(stream: Readable | null, onLine: (line: string) => void): void {
  if (stream === null) return;
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line !== '') onLine(line);
  });
  stream.on('end', () => {
    if (partial !== '') onLine(partial);
  });
}

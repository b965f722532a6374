import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

const MAIN = join(import.meta.dirname, '..', '..', 'src', 'main.ts');

export interface ApiProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Every line the process wrote so far (pino JSON and anything else). */
  readonly output: string[];
  /** Resolves with the exit code once the process has ended, however it ended. */
  readonly exited: Promise<number | null>;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** What else a caller (the benchmarks) may run: node flags, or another server script. */
export interface ApiProcessOptions {
  /** Flags before the script, e.g. --cpu-prof or --import. */
  readonly nodeArgs?: readonly string[];
  /** Another server that logs the same "Server listening at <url>" line. Default: main.ts. */
  readonly script?: string;
}

/**
 * Starts the real composition root (`node apps/api/src/main.ts`, the README's command) on
 * a free port with `env` on top of a clean environment, and resolves once it listens.
 */
export async function startApiProcess(
  env: Record<string, string>,
  options: ApiProcessOptions = {},
): Promise<ApiProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script ?? MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  // 'close', not 'exit': it comes after stdout and stderr are drained, so `output` is complete.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API did not start:\n${output.join('\n')}`)), 20_000);
    const onLine = (line: string) => {
      output.push(line);
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (listening?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    };
    forEachLine(child.stdout, onLine);
    forEachLine(child.stderr, onLine);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`API exited with ${code} before listening:\n${output.join('\n')}`));
    });
  });

  return {
    url,
    child,
    output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
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

/** Runs main.ts to completion (for start-up failures) and returns its exit code and output. */
export async function runApiToExit(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

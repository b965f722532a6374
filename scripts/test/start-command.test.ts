import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** The run command exactly as the README's "Two commands" section gives it, comment removed. */
function readmeStartCommand(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split('## Two commands')[1]?.split('\n## ')[0] ?? '';
  const line = section.split('\n').find((candidate) => candidate.startsWith('./pnpm start'));
  if (line === undefined) throw new Error('README.md "Two commands" has no ./pnpm start line');
  return (line.split('#')[0] ?? '').trim().split(/\s+/);
}

interface Started {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

async function start(): Promise<Started> {
  const [command = '', ...args] = readmeStartCommand();
  const child = spawn(command, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A group of its own, so a failing run can end whatever it left behind (see stopGroup).
    detached: true,
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "Server listening" line:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const listening = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (listening?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
  });
  return { child, port, output: () => output, exited };
}

/** Ends the whole process group, so a wrapper that orphaned the API cannot leak it. */
function stopGroup(api: Started): void {
  try {
    if (api.child.pid !== undefined) process.kill(-api.child.pid, 'SIGKILL');
  } catch {
    // Already gone: the expected case.
  }
}

/** True when something still accepts connections on the port (an orphaned API would). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the README run command (./pnpm start)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'is the API itself: %s makes it drain, exit 0 and leave nothing listening',
    async (signal) => {
      const api = await start();
      try {
        const live = await fetch(`http://127.0.0.1:${api.port}/health/live`);
        expect(live.status).toBe(200);

        // What `kill $!`, `docker stop` or systemd do: signal the process the command started.
        api.child.kill(signal);
        expect(await api.exited).toBe(0);
        expect(api.output()).toContain(`"signal":"${signal}","msg":"shutting down"`);
        expect(api.output()).not.toContain('ELIFECYCLE');
        expect(await listening(api.port)).toBe(false);
      } finally {
        stopGroup(api);
      }
    },
    40_000,
  );
});

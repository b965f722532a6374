import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** The first ```sh block of the README's "The API in five minutes", exactly as written. */
function walkthrough(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split('\n## The API in five minutes\n')[1]?.split('\n## ')[0] ?? '';
  const block = /```sh\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (block === undefined) throw new Error('README.md "The API in five minutes" has no ```sh block');
  return `${block}\n`;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address();
  await new Promise((closed) => server.close(closed));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('README.md, "The API in five minutes"', () => {
  it('runs as written: every call succeeds, the replay and the 412 show, the server it started ends', async () => {
    const port = await freePort();
    // -e and pipefail: any command of the block that fails fails the test, not just the last one.
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', walkthrough()], {
      cwd: root,
      // The block's own default port is for people; the test picks a free one through $PORT.
      env: {
        PATH: `${process.env.PATH ?? ''}:/usr/bin:/bin`,
        HOME: process.env.HOME ?? '',
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      expect(code, `the walk-through failed:\n${stdout}\n${stderr}`).toBe(0);
      expect(stdout).toContain('{"status":"ready"}');
      expect(stdout).toMatch(/"email":"ann@example.com","name":"Ann","role":"customer"/);
      expect(stdout).toMatch(/"email":"kim@example.com","name":"Kim","role":"kitchen"/);
      expect(stdout).toMatch(/^HTTP\/1\.1 201 Created\r?$/m);
      expect(stdout).toMatch(/^location: \/orders\/[0-9a-f-]{36}\r?$/m);
      expect(stdout).toMatch(/^etag: "v1"\r?$/m);
      expect(stdout).toMatch(/^idempotent-replayed: true\r?$/m);
      expect(stdout).toContain('{"status":"CONFIRMED","version":2}');
      expect(stdout).toContain('{"status":412,"code":"PRECONDITION_FAILED","currentVersion":2}');
      expect(stdout).toMatch(/\{"ids":\["[0-9a-f-]{36}"\],"nextCursor":null\}/);
      expect(stdout).toContain('server exited with 0');
      expect(await accepting(port)).toBe(false);
    } finally {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Everything it started has ended: the expected case.
      }
    }
  }, 90_000);
});

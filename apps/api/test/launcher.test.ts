import { describe, expect, it } from 'vitest';
import { launchServer } from '../src/launcher.ts';

// The launcher is how tools (the end-to-end tests, the benchmarks) run the real main.ts:
// the server says where it listens over IPC, so it works at any LOG_LEVEL.
describe('launchServer', () => {
  it('learns the address of an API that logs nothing at info, and stops it gracefully', async () => {
    const api = await launchServer({
      env: { LOG_LEVEL: 'warn', JWT_SECRET: 'launcher-test-secret-32-bytes-long!!' },
    });
    try {
      expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${api.url}/health/live`);
      expect(response.status).toBe(200);
      expect(api.output.some((line) => line.includes('Server listening'))).toBe(false);
    } finally {
      expect(await api.stop()).toBe(0);
    }
  });

  it('rejects with what the server wrote when it exits before it listens', async () => {
    await expect(launchServer({ env: { PORT: 'not a port' } })).rejects.toThrow(
      /exited with 1 before it listened[\s\S]*PORT/,
    );
  });
});

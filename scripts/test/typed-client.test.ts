import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startApiProcess } from '../../apps/api/test/support/api-process.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const here = join(import.meta.dirname, 'typed-client');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

async function untilReady(url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await fetch(`${url}/health/ready`).catch(() => null))?.status !== 200) {
    if (Date.now() > deadline) throw new Error(`${url}/health/ready did not answer 200 within 20 s`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('a client generated from docs/openapi.json (openapi-typescript + openapi-fetch)', () => {
  it('compiles where it should, refuses what the API refuses, and works against the real API', async () => {
    await run(bin('openapi-typescript'), [
      join(root, 'docs', 'openapi.json'),
      '--output',
      join(here, 'generated', 'food-oms.d.ts'),
    ]);
    // Strict tsc over the program: its @ts-expect-error lines (an order without Idempotency-Key,
    // a status that does not exist) must be type errors, or tsc reports the directive unused.
    await run(bin('tsc'), ['-p', join(here, 'tsconfig.json')]).catch((failure: { stdout: string }) => {
      throw new Error(`the typed client does not type-check:\n${failure.stdout}`);
    });

    const api = await startApiProcess({
      BOOTSTRAP_ADMIN_EMAIL: 'admin@example.com',
      BOOTSTRAP_ADMIN_PASSWORD: 'change-me-please',
    });
    try {
      await untilReady(api.url);
      const { stdout } = await run(process.execPath, [join(here, 'walkthrough.ts')], {
        env: { PATH: process.env.PATH ?? '', API_URL: api.url },
      }).catch((failure: { stdout: string; stderr: string }) => {
        throw new Error(`the typed client failed against the API:\n${failure.stdout}${failure.stderr}`);
      });
      expect(JSON.parse(stdout)).toMatchObject({ ok: true, listed: 1 });
    } finally {
      expect(await api.stop()).toBe(0);
    }
  }, 60_000);
});

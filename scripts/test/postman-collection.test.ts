import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startApiProcess } from '../../apps/api/test/support/api-process.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const COLLECTION = join(root, 'docs', 'postman', 'food-oms.postman_collection.json');

interface NewmanReport {
  readonly run: {
    readonly stats: Record<'requests' | 'assertions' | 'testScripts', { total: number; failed: number }>;
    readonly failures: { error: { test?: string; message: string }; source?: { name?: string } }[];
  };
}

async function untilReady(url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await fetch(`${url}/health/ready`).catch(() => null))?.status !== 200) {
    if (Date.now() > deadline) throw new Error(`${url}/health/ready did not answer 200 within 20 s`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('docs/postman/food-oms.postman_collection.json', () => {
  it('runs green under newman against a fresh API: every status, header and body it asserts', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'food-oms-newman-'));
    const api = await startApiProcess({
      BOOTSTRAP_ADMIN_EMAIL: 'admin@example.com',
      BOOTSTRAP_ADMIN_PASSWORD: 'change-me-please',
    });
    try {
      await untilReady(api.url);
      const report = join(scratch, 'newman.json');
      const args = ['run', COLLECTION, '--env-var', `baseUrl=${api.url}`, '--color', 'off'];
      await run(join(root, 'node_modules', '.bin', 'newman'), [
        ...args,
        '--reporters',
        'cli,json',
        '--reporter-json-export',
        report,
      ]).catch((failure: { stdout: string }) => {
        throw new Error(`newman reported failures:\n${failure.stdout}`);
      });
      const { stats, failures } = (JSON.parse(readFileSync(report, 'utf8')) as NewmanReport).run;
      expect(failures.map((f) => `${f.source?.name}: ${f.error.test ?? ''} ${f.error.message}`)).toEqual([]);
      expect(stats.requests).toMatchObject({ total: 22, failed: 0 });
      expect(stats.testScripts).toMatchObject({ total: 22, failed: 0 });
      expect(stats.assertions.failed).toBe(0);
      expect(stats.assertions.total).toBeGreaterThanOrEqual(28);
    } finally {
      expect(await api.stop()).toBe(0);
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);
});

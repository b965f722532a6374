import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApiProcess } from '../apps/api/test/support/api-process.ts';

const root = join(import.meta.dirname, '..');

/** The committed copy of the document, for client generators and readers of the repository. */
export const OPENAPI_FILE = join(root, 'docs', 'openapi.json');

/** The one command that rewrites OPENAPI_FILE from the running API. */
export const REGENERATE_OPENAPI = './pnpm run openapi';

/**
 * What the real composition root (`apps/api/src/main.ts`, in memory, on a free loopback port)
 * serves at GET /openapi.json once it is ready, as the exact text the repository keeps.
 */
export async function liveOpenApiText(): Promise<string> {
  const api = await startApiProcess({ LOG_LEVEL: 'info' });
  try {
    await waitUntilReady(api.url);
    const response = await fetch(`${api.url}/openapi.json`);
    if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
    return serialize(await response.json());
  } finally {
    await api.stop();
  }
}

export function committedOpenApiText(): string {
  return readFileSync(OPENAPI_FILE, 'utf8');
}

async function waitUntilReady(url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await fetch(`${url}/health/ready`).catch(() => null);
    if (response?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url}/health/ready did not answer 200 within 20 s`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Keys sorted at every level, two-space indent, a final newline: a diff shows only real changes. */
function serialize(document: unknown): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, inner]) => [key, sortKeys(inner)]),
  );
}

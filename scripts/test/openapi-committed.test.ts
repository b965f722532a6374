import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  committedOpenApiText,
  liveOpenApiText,
  OPENAPI_FILE,
  REGENERATE_OPENAPI,
} from '../openapi-document.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
// The linters are run offline: no telemetry, no update check.
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

/**
 * Warnings kept on purpose. GET /health/live, /health/ready and /openapi.json take no input
 * and need no credentials, so no 4xx answer of theirs exists to document.
 */
const KEPT_REDOCLY_WARNINGS = new Set([
  'operation-4xx-response #/paths/~1health~1live/get/responses',
  'operation-4xx-response #/paths/~1health~1ready/get/responses',
  'operation-4xx-response #/paths/~1openapi.json/get/responses',
]);

describe('docs/openapi.json', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'food-oms-openapi-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is what the running API serves at /openapi.json', async () => {
    const live = await liveOpenApiText();
    // Compared as text, so the failure names the command instead of dumping 150 KB of diff.
    expect(
      committedOpenApiText() === live,
      `docs/openapi.json differs from the live /openapi.json: run ${REGENERATE_OPENAPI} and commit it`,
    ).toBe(true);
  }, 30_000);

  it('passes Redocly’s recommended rules with no error and only the warnings kept on purpose', async () => {
    const { stdout } = await run(bin('redocly'), ['lint', OPENAPI_FILE, '--format=json'], {
      cwd: root,
      env,
    }).catch(
      // redocly exits 1 on errors; the report is still on stdout.
      (failure: { stdout: string }) => failure,
    );
    const report = JSON.parse(stdout) as {
      totals: { errors: number };
      problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
    };
    const found = report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ''}`);
    console.warn(`[openapi] Redocly: ${report.totals.errors} errors; warnings kept: ${found.join('; ')}`);
    expect(report.totals.errors).toBe(0);
    expect(found.filter((problem) => !KEPT_REDOCLY_WARNINGS.has(problem))).toEqual([]);
  }, 30_000);

  it('passes Spectral’s spectral:oas rules with no finding at all', async () => {
    const output = join(scratch, 'spectral.json');
    await run(bin('spectral'), ['lint', OPENAPI_FILE, '--format=json', '--output', output, '--quiet'], {
      cwd: root,
      env,
    }).catch((failure: { code?: number }) => {
      // Spectral exits 1 when it finds errors; the findings are in the file either way.
      if (failure.code !== 1) throw failure;
    });
    const findings = JSON.parse(readFileSync(output, 'utf8')) as {
      code: string;
      path: string[];
      message: string;
    }[];
    expect(findings.map((f) => `${f.code} ${f.path.join('.')}: ${f.message}`)).toEqual([]);
  }, 30_000);
});
